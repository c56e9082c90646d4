// tanh of C3's pre-activations, in place, fused with the 2x2 average pool S4 that follows, in the lane layout
// (C1 does both in its own epilogue). The activations stay for the backward pass (tanh' = 1 - a^2).
// Invariant: the four pooled inputs are added in one fixed order, then scaled by exactly 1/4.
using System.Runtime.Intrinsics;

namespace LeNetPipeline.Model.Kernels;

internal static unsafe class TanhAveragePoolKernel
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
                    Vector512<float> a = LaneMath.Tanh(Vector512.Load(top));
                    Vector512<float> b = LaneMath.Tanh(Vector512.Load(top + L));
                    Vector512<float> c2 = LaneMath.Tanh(Vector512.Load(top + side * L));
                    Vector512<float> d = LaneMath.Tanh(Vector512.Load(top + side * L + L));
                    a.Store(top);
                    b.Store(top + L);
                    c2.Store(top + side * L);
                    d.Store(top + side * L + L);
                    ((a + b + c2 + d) * 0.25f).Store(target);
                }
            }
        }
    }
}
