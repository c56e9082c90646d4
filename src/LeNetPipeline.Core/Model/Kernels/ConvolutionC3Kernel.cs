// C3: 16 filters 5x5 over all 6 channels of S2 (14x14 -> 10x10), tanh; forward, per-lane weight-gradient sums
// and the gradient with respect to S2, all in the lane layout (one Vector512 = one pixel of 16 samples).
// Invariant: each lane's sums run in one fixed order, so a sample's values never depend on its lane.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LeNetPipeline.Model.Kernels;

internal static unsafe class ConvolutionC3Kernel
{
    private const int L = LaneWorkspace.Lanes;
    private const int In = 14;
    private const int Out = 10;
    private const int InPlane = In * In * L;
    private const int OutPlane = Out * Out * L;

    /// <summary>
    /// The kernel (16,6,5,5) reordered to (6,5,5,16): the 16 filters' weights for one input tap are contiguous,
    /// so the forward pass's 16 broadcasts per loaded pixel come from one cache line.
    /// </summary>
    public static void TransposeKernel(float* kernel, float* transposed)
    {
        for (int o = 0; o < 16; o++)
        {
            for (int tap = 0; tap < 150; tap++)
            {
                transposed[tap * 16 + o] = kernel[o * 150 + tap];
            }
        }
    }

    /// <summary>
    /// c3 = conv(s2) + bias, the pre-activation (AveragePoolS4Kernel applies tanh). One output position at a time
    /// with all 16 filters in registers: each S2 pixel is loaded once and meets 16 broadcast weights, which come
    /// from one cache line. tanh is not fused here: its constants would take the accumulators' registers.
    /// </summary>
    public static void Forward(float* s2, float* transposedKernel, float* bias, float* c3)
    {
        for (int i = 0; i < Out; i++)
        {
            for (int j = 0; j < Out; j++)
            {
                Vector512<float> a0 = Vector512.Create(bias[0]), a1 = Vector512.Create(bias[1]), a2 = Vector512.Create(bias[2]), a3 = Vector512.Create(bias[3]);
                Vector512<float> a4 = Vector512.Create(bias[4]), a5 = Vector512.Create(bias[5]), a6 = Vector512.Create(bias[6]), a7 = Vector512.Create(bias[7]);
                Vector512<float> a8 = Vector512.Create(bias[8]), a9 = Vector512.Create(bias[9]), a10 = Vector512.Create(bias[10]), a11 = Vector512.Create(bias[11]);
                Vector512<float> a12 = Vector512.Create(bias[12]), a13 = Vector512.Create(bias[13]), a14 = Vector512.Create(bias[14]), a15 = Vector512.Create(bias[15]);
                for (int c = 0; c < 6; c++)
                {
                    for (int ki = 0; ki < 5; ki++)
                    {
                        float* x = s2 + c * InPlane + ((i + ki) * In + j) * L;
                        float* t = transposedKernel + (c * 25 + ki * 5) * 16;
                        for (int kj = 0; kj < 5; kj++, x += L, t += 16)
                        {
                            Vector512<float> v = Vector512.Load(x);
                            a0 = Vector512.FusedMultiplyAdd(Vector512.Create(t[0]), v, a0);
                            a1 = Vector512.FusedMultiplyAdd(Vector512.Create(t[1]), v, a1);
                            a2 = Vector512.FusedMultiplyAdd(Vector512.Create(t[2]), v, a2);
                            a3 = Vector512.FusedMultiplyAdd(Vector512.Create(t[3]), v, a3);
                            a4 = Vector512.FusedMultiplyAdd(Vector512.Create(t[4]), v, a4);
                            a5 = Vector512.FusedMultiplyAdd(Vector512.Create(t[5]), v, a5);
                            a6 = Vector512.FusedMultiplyAdd(Vector512.Create(t[6]), v, a6);
                            a7 = Vector512.FusedMultiplyAdd(Vector512.Create(t[7]), v, a7);
                            a8 = Vector512.FusedMultiplyAdd(Vector512.Create(t[8]), v, a8);
                            a9 = Vector512.FusedMultiplyAdd(Vector512.Create(t[9]), v, a9);
                            a10 = Vector512.FusedMultiplyAdd(Vector512.Create(t[10]), v, a10);
                            a11 = Vector512.FusedMultiplyAdd(Vector512.Create(t[11]), v, a11);
                            a12 = Vector512.FusedMultiplyAdd(Vector512.Create(t[12]), v, a12);
                            a13 = Vector512.FusedMultiplyAdd(Vector512.Create(t[13]), v, a13);
                            a14 = Vector512.FusedMultiplyAdd(Vector512.Create(t[14]), v, a14);
                            a15 = Vector512.FusedMultiplyAdd(Vector512.Create(t[15]), v, a15);
                        }
                    }
                }
                float* y = c3 + (i * Out + j) * L;
                a0.Store(y);
                a1.Store(y + OutPlane);
                a2.Store(y + 2 * OutPlane);
                a3.Store(y + 3 * OutPlane);
                a4.Store(y + 4 * OutPlane);
                a5.Store(y + 5 * OutPlane);
                a6.Store(y + 6 * OutPlane);
                a7.Store(y + 7 * OutPlane);
                a8.Store(y + 8 * OutPlane);
                a9.Store(y + 9 * OutPlane);
                a10.Store(y + 10 * OutPlane);
                a11.Store(y + 11 * OutPlane);
                a12.Store(y + 12 * OutPlane);
                a13.Store(y + 13 * OutPlane);
                a14.Store(y + 14 * OutPlane);
                a15.Store(y + 15 * OutPlane);
            }
        }
    }

    /// <summary>
    /// dZ = dL/dC3 pre-activation, from s4Gradient (dL/dS4) through the pool (x 1/4) and tanh (x (1 - c3^2));
    /// also the per-lane bias-gradient sums (one row per filter).
    /// </summary>
    public static void PreActivationGradient(float* c3, float* s4Gradient, float* dz, float* biasSums)
    {
        for (int o = 0; o < 16; o++)
        {
            Vector512<float> biasSum = default;
            for (int i = 0; i < Out; i++)
            {
                for (int j = 0; j < Out; j++)
                {
                    int p = o * OutPlane + (i * Out + j) * L;
                    Vector512<float> upstream = Vector512.Load(s4Gradient + (o * 25 + (i >> 1) * 5 + (j >> 1)) * L) * 0.25f;
                    Vector512<float> g = upstream * LaneMath.TanhDerivative(Vector512.Load(c3 + p));
                    g.Store(dz + p);
                    biasSum += g;
                }
            }
            biasSum.Store(biasSums + o * L);
        }
    }

    /// <summary>
    /// Per-lane weight-gradient sums dK[o][c][ki][kj] = sum over positions of dZ[o] * S2[c] shifted. Blocks of
    /// 4 filters x 5 taps of one kernel row keep 20 accumulators in registers, fed by 4 + 5 loads per position.
    /// </summary>
    public static void WeightGradient(float* s2, float* dz, float* sums)
    {
        for (int o = 0; o < 16; o += 4)
        {
            for (int c = 0; c < 6; c++)
            {
                for (int ki = 0; ki < 5; ki++)
                {
                    Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default, a04 = default;
                    Vector512<float> a10 = default, a11 = default, a12 = default, a13 = default, a14 = default;
                    Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default, a24 = default;
                    Vector512<float> a30 = default, a31 = default, a32 = default, a33 = default, a34 = default;
                    float* gradient = dz + o * OutPlane;
                    for (int i = 0; i < Out; i++)
                    {
                        float* row = s2 + c * InPlane + (i + ki) * In * L;
                        float* g = gradient + i * Out * L;
                        for (int j = 0; j < Out; j++)
                        {
                            float* x = row + j * L;
                            Vector512<float> x0 = Vector512.Load(x), x1 = Vector512.Load(x + L), x2 = Vector512.Load(x + 2 * L);
                            Vector512<float> x3 = Vector512.Load(x + 3 * L), x4 = Vector512.Load(x + 4 * L);
                            float* gj = g + j * L;
                            Fma5(Vector512.Load(gj), x0, x1, x2, x3, x4, ref a00, ref a01, ref a02, ref a03, ref a04);
                            Fma5(Vector512.Load(gj + OutPlane), x0, x1, x2, x3, x4, ref a10, ref a11, ref a12, ref a13, ref a14);
                            Fma5(Vector512.Load(gj + 2 * OutPlane), x0, x1, x2, x3, x4, ref a20, ref a21, ref a22, ref a23, ref a24);
                            Fma5(Vector512.Load(gj + 3 * OutPlane), x0, x1, x2, x3, x4, ref a30, ref a31, ref a32, ref a33, ref a34);
                        }
                    }
                    float* w = sums + ((o * 6 + c) * 25 + ki * 5) * L;
                    const int FilterStride = 150 * L;
                    Store5(w, a00, a01, a02, a03, a04);
                    Store5(w + FilterStride, a10, a11, a12, a13, a14);
                    Store5(w + 2 * FilterStride, a20, a21, a22, a23, a24);
                    Store5(w + 3 * FilterStride, a30, a31, a32, a33, a34);
                }
            }
        }
    }

    /// <summary>
    /// dL/dS2[c][y][x] = sum over filters and taps of K[o][c][ki][kj] * dZ[o][y-ki][x-kj], taps inside the 10x10
    /// map only (exactly the 240,000 products, none on padding). One output row (14 accumulators) at a time; each
    /// dZ row (10 pixels) is loaded once and meets 5 broadcast weights.
    /// </summary>
    public static void InputGradient(float* dz, float* kernel, float* s2Gradient)
    {
        for (int y = 0; y < In; y++)
        {
            int kiFirst = Math.Max(0, y - (Out - 1));
            int kiLast = Math.Min(4, y);
            for (int c = 0; c < 6; c++)
            {
                Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default;
                Vector512<float> s7 = default, s8 = default, s9 = default, s10 = default, s11 = default, s12 = default, s13 = default;
                for (int o = 0; o < 16; o++)
                {
                    for (int ki = kiFirst; ki <= kiLast; ki++)
                    {
                        float* g = dz + o * OutPlane + (y - ki) * Out * L;
                        Vector512<float> r0 = Vector512.Load(g), r1 = Vector512.Load(g + L), r2 = Vector512.Load(g + 2 * L);
                        Vector512<float> r3 = Vector512.Load(g + 3 * L), r4 = Vector512.Load(g + 4 * L), r5 = Vector512.Load(g + 5 * L);
                        Vector512<float> r6 = Vector512.Load(g + 6 * L), r7 = Vector512.Load(g + 7 * L), r8 = Vector512.Load(g + 8 * L);
                        Vector512<float> r9 = Vector512.Load(g + 9 * L);
                        float* w = kernel + ((o * 6 + c) * 5 + ki) * 5;
                        Fma10(Vector512.Create(w[0]), r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7, ref s8, ref s9);
                        Fma10(Vector512.Create(w[1]), r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7, ref s8, ref s9, ref s10);
                        Fma10(Vector512.Create(w[2]), r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7, ref s8, ref s9, ref s10, ref s11);
                        Fma10(Vector512.Create(w[3]), r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, ref s3, ref s4, ref s5, ref s6, ref s7, ref s8, ref s9, ref s10, ref s11, ref s12);
                        Fma10(Vector512.Create(w[4]), r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, ref s4, ref s5, ref s6, ref s7, ref s8, ref s9, ref s10, ref s11, ref s12, ref s13);
                    }
                }
                float* target = s2Gradient + c * InPlane + y * In * L;
                s0.Store(target);
                s1.Store(target + L);
                s2.Store(target + 2 * L);
                s3.Store(target + 3 * L);
                s4.Store(target + 4 * L);
                s5.Store(target + 5 * L);
                s6.Store(target + 6 * L);
                s7.Store(target + 7 * L);
                s8.Store(target + 8 * L);
                s9.Store(target + 9 * L);
                s10.Store(target + 10 * L);
                s11.Store(target + 11 * L);
                s12.Store(target + 12 * L);
                s13.Store(target + 13 * L);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fma5(Vector512<float> g, Vector512<float> x0, Vector512<float> x1, Vector512<float> x2, Vector512<float> x3, Vector512<float> x4,
        ref Vector512<float> a0, ref Vector512<float> a1, ref Vector512<float> a2, ref Vector512<float> a3, ref Vector512<float> a4)
    {
        a0 = Vector512.FusedMultiplyAdd(g, x0, a0);
        a1 = Vector512.FusedMultiplyAdd(g, x1, a1);
        a2 = Vector512.FusedMultiplyAdd(g, x2, a2);
        a3 = Vector512.FusedMultiplyAdd(g, x3, a3);
        a4 = Vector512.FusedMultiplyAdd(g, x4, a4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fma10(Vector512<float> w,
        Vector512<float> r0, Vector512<float> r1, Vector512<float> r2, Vector512<float> r3, Vector512<float> r4,
        Vector512<float> r5, Vector512<float> r6, Vector512<float> r7, Vector512<float> r8, Vector512<float> r9,
        ref Vector512<float> s0, ref Vector512<float> s1, ref Vector512<float> s2, ref Vector512<float> s3, ref Vector512<float> s4,
        ref Vector512<float> s5, ref Vector512<float> s6, ref Vector512<float> s7, ref Vector512<float> s8, ref Vector512<float> s9)
    {
        s0 = Vector512.FusedMultiplyAdd(w, r0, s0);
        s1 = Vector512.FusedMultiplyAdd(w, r1, s1);
        s2 = Vector512.FusedMultiplyAdd(w, r2, s2);
        s3 = Vector512.FusedMultiplyAdd(w, r3, s3);
        s4 = Vector512.FusedMultiplyAdd(w, r4, s4);
        s5 = Vector512.FusedMultiplyAdd(w, r5, s5);
        s6 = Vector512.FusedMultiplyAdd(w, r6, s6);
        s7 = Vector512.FusedMultiplyAdd(w, r7, s7);
        s8 = Vector512.FusedMultiplyAdd(w, r8, s8);
        s9 = Vector512.FusedMultiplyAdd(w, r9, s9);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store5(float* w, Vector512<float> a0, Vector512<float> a1, Vector512<float> a2, Vector512<float> a3, Vector512<float> a4)
    {
        a0.Store(w);
        a1.Store(w + L);
        a2.Store(w + 2 * L);
        a3.Store(w + 3 * L);
        a4.Store(w + 4 * L);
    }
}
