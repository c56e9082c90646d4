// S4: 2x2 average pool of C3's 16x10x10 maps to 16x5x5 in the lane layout (S2's pool is fused into C1, and both
// pools' backward passes into the convolutions' pre-activation gradients).
// Invariant: the four inputs are added in one fixed order, then scaled by exactly 1/4.
using System.Runtime.Intrinsics;

namespace LeNetPipeline.Model.Kernels;

internal static unsafe class AveragePoolS4Kernel
{
    private const int L = LaneWorkspace.Lanes;

    public static void Forward(float* c3, float* s4)
    {
        for (int o = 0; o < 16; o++)
        {
            for (int i = 0; i < 5; i++)
            {
                for (int j = 0; j < 5; j++)
                {
                    float* top = c3 + (o * 100 + 2 * i * 10 + 2 * j) * L;
                    Vector512<float> sum = Vector512.Load(top) + Vector512.Load(top + L)
                        + Vector512.Load(top + 10 * L) + Vector512.Load(top + 11 * L);
                    (sum * 0.25f).Store(s4 + (o * 25 + i * 5 + j) * L);
                }
            }
        }
    }
}
