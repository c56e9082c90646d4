// tanh of C3's pre-activations, in place, fused with the 2x2 average pool S4 that follows, in the lane layout
// (C1 does both in its own epilogue). The activations stay for the backward pass (tanh' = 1 - a^2).
// Invariant: the four pooled inputs are added in one fixed order, then scaled by exactly 1/4.
namespace LeNetPipeline.Model.Kernels;

internal static unsafe class TanhAveragePoolKernel<TV, TO>
    where TV : unmanaged
    where TO : ILaneOps<TV>
{
    private const int L = LaneWorkspace.Lanes;

    /// <summary>maps: channels x side x side pre-activations, replaced by tanh; pooled: channels x side/2 x side/2.</summary>
    public static void Forward(float* maps, int channels, int side, float* pooled)
    {
        int half = side / 2;
        for (int c = 0; c < channels; c++)
        {
            for (int i = 0; i < half; i++)
            {
                float* top = maps + (c * side + 2 * i) * side * L;
                float* target = pooled + (c * half + i) * half * L;
                for (int j = 0; j < half; j++, top += 2 * L, target += L)
                {
                    TV a = LaneMath<TV, TO>.Tanh(TO.Load(top));
                    TV b = LaneMath<TV, TO>.Tanh(TO.Load(top + L));
                    TV c2 = LaneMath<TV, TO>.Tanh(TO.Load(top + side * L));
                    TV d = LaneMath<TV, TO>.Tanh(TO.Load(top + side * L + L));
                    TO.Store(a, top);
                    TO.Store(b, top + L);
                    TO.Store(c2, top + side * L);
                    TO.Store(d, top + side * L + L);
                    TO.Store(TO.Multiply(TO.Add(TO.Add(TO.Add(a, b), c2), d), TO.Broadcast(0.25f)), target);
                }
            }
        }
    }
}
