// C3: 16 filters 5x5 over all 6 channels of S2 (14x14 -> 10x10); forward, per-lane weight-gradient sums and the
// gradient with respect to S2, in the lane layout (a pixel is 16 floats, one per sample; a vector covers
// TO.Count of them).
// Invariant: each lane's sums run in one fixed order, so a sample's values never depend on its lane.
using System.Runtime.CompilerServices;

namespace LeNetPipeline.Model.Kernels;

internal static unsafe class ConvolutionC3Kernel<TV, TO>
    where TV : unmanaged
    where TO : ILaneOps<TV>
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
    /// c3 = conv(s2) + bias, the pre-activation (TanhAveragePoolKernel applies tanh). One output position at a time
    /// with all 16 filters in registers: each S2 pixel is loaded once and meets 16 broadcast weights, which come
    /// from one cache line. tanh is not fused here: its constants would take the accumulators' registers.
    /// </summary>
    public static void Forward(float* s2, float* transposedKernel, float* bias, float* c3)
    {
        for (int i = 0; i < Out; i++)
        {
            for (int j = 0; j < Out; j++)
            {
                TV a0 = TO.Broadcast(bias[0]), a1 = TO.Broadcast(bias[1]), a2 = TO.Broadcast(bias[2]), a3 = TO.Broadcast(bias[3]);
                TV a4 = TO.Broadcast(bias[4]), a5 = TO.Broadcast(bias[5]), a6 = TO.Broadcast(bias[6]), a7 = TO.Broadcast(bias[7]);
                TV a8 = TO.Broadcast(bias[8]), a9 = TO.Broadcast(bias[9]), a10 = TO.Broadcast(bias[10]), a11 = TO.Broadcast(bias[11]);
                TV a12 = TO.Broadcast(bias[12]), a13 = TO.Broadcast(bias[13]), a14 = TO.Broadcast(bias[14]), a15 = TO.Broadcast(bias[15]);
                for (int c = 0; c < 6; c++)
                {
                    for (int ki = 0; ki < 5; ki++)
                    {
                        float* x = s2 + c * InPlane + ((i + ki) * In + j) * L;
                        float* t = transposedKernel + (c * 25 + ki * 5) * 16;
                        for (int kj = 0; kj < 5; kj++, x += L, t += 16)
                        {
                            TV v = TO.Load(x);
                            a0 = TO.FusedMultiplyAdd(TO.Broadcast(t[0]), v, a0);
                            a1 = TO.FusedMultiplyAdd(TO.Broadcast(t[1]), v, a1);
                            a2 = TO.FusedMultiplyAdd(TO.Broadcast(t[2]), v, a2);
                            a3 = TO.FusedMultiplyAdd(TO.Broadcast(t[3]), v, a3);
                            a4 = TO.FusedMultiplyAdd(TO.Broadcast(t[4]), v, a4);
                            a5 = TO.FusedMultiplyAdd(TO.Broadcast(t[5]), v, a5);
                            a6 = TO.FusedMultiplyAdd(TO.Broadcast(t[6]), v, a6);
                            a7 = TO.FusedMultiplyAdd(TO.Broadcast(t[7]), v, a7);
                            a8 = TO.FusedMultiplyAdd(TO.Broadcast(t[8]), v, a8);
                            a9 = TO.FusedMultiplyAdd(TO.Broadcast(t[9]), v, a9);
                            a10 = TO.FusedMultiplyAdd(TO.Broadcast(t[10]), v, a10);
                            a11 = TO.FusedMultiplyAdd(TO.Broadcast(t[11]), v, a11);
                            a12 = TO.FusedMultiplyAdd(TO.Broadcast(t[12]), v, a12);
                            a13 = TO.FusedMultiplyAdd(TO.Broadcast(t[13]), v, a13);
                            a14 = TO.FusedMultiplyAdd(TO.Broadcast(t[14]), v, a14);
                            a15 = TO.FusedMultiplyAdd(TO.Broadcast(t[15]), v, a15);
                        }
                    }
                }
                float* y = c3 + (i * Out + j) * L;
                TO.Store(a0, y);
                TO.Store(a1, y + OutPlane);
                TO.Store(a2, y + 2 * OutPlane);
                TO.Store(a3, y + 3 * OutPlane);
                TO.Store(a4, y + 4 * OutPlane);
                TO.Store(a5, y + 5 * OutPlane);
                TO.Store(a6, y + 6 * OutPlane);
                TO.Store(a7, y + 7 * OutPlane);
                TO.Store(a8, y + 8 * OutPlane);
                TO.Store(a9, y + 9 * OutPlane);
                TO.Store(a10, y + 10 * OutPlane);
                TO.Store(a11, y + 11 * OutPlane);
                TO.Store(a12, y + 12 * OutPlane);
                TO.Store(a13, y + 13 * OutPlane);
                TO.Store(a14, y + 14 * OutPlane);
                TO.Store(a15, y + 15 * OutPlane);
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
            TV biasSum = default;
            for (int i = 0; i < Out; i++)
            {
                for (int j = 0; j < Out; j++)
                {
                    int p = o * OutPlane + (i * Out + j) * L;
                    TV upstream = TO.Multiply(TO.Load(s4Gradient + (o * 25 + (i >> 1) * 5 + (j >> 1)) * L), TO.Broadcast(0.25f));
                    TV g = TO.Multiply(upstream, LaneMath<TV, TO>.TanhDerivative(TO.Load(c3 + p)));
                    TO.Store(g, dz + p);
                    biasSum = TO.Add(biasSum, g);
                }
            }
            TO.Store(biasSum, biasSums + o * L);
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
                    TV a00 = default, a01 = default, a02 = default, a03 = default, a04 = default;
                    TV a10 = default, a11 = default, a12 = default, a13 = default, a14 = default;
                    TV a20 = default, a21 = default, a22 = default, a23 = default, a24 = default;
                    TV a30 = default, a31 = default, a32 = default, a33 = default, a34 = default;
                    float* gradient = dz + o * OutPlane;
                    for (int i = 0; i < Out; i++)
                    {
                        float* row = s2 + c * InPlane + (i + ki) * In * L;
                        float* g = gradient + i * Out * L;
                        for (int j = 0; j < Out; j++)
                        {
                            float* x = row + j * L;
                            TV x0 = TO.Load(x), x1 = TO.Load(x + L), x2 = TO.Load(x + 2 * L);
                            TV x3 = TO.Load(x + 3 * L), x4 = TO.Load(x + 4 * L);
                            float* gj = g + j * L;
                            Fma5(TO.Load(gj), x0, x1, x2, x3, x4, ref a00, ref a01, ref a02, ref a03, ref a04);
                            Fma5(TO.Load(gj + OutPlane), x0, x1, x2, x3, x4, ref a10, ref a11, ref a12, ref a13, ref a14);
                            Fma5(TO.Load(gj + 2 * OutPlane), x0, x1, x2, x3, x4, ref a20, ref a21, ref a22, ref a23, ref a24);
                            Fma5(TO.Load(gj + 3 * OutPlane), x0, x1, x2, x3, x4, ref a30, ref a31, ref a32, ref a33, ref a34);
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
                TV x0 = default, x1 = default, x2 = default, x3 = default, x4 = default, x5 = default, x6 = default;
                TV x7 = default, x8 = default, x9 = default, x10 = default, x11 = default, x12 = default, x13 = default;
                for (int o = 0; o < 16; o++)
                {
                    for (int ki = kiFirst; ki <= kiLast; ki++)
                    {
                        float* g = dz + o * OutPlane + (y - ki) * Out * L;
                        TV r0 = TO.Load(g), r1 = TO.Load(g + L), r2 = TO.Load(g + 2 * L);
                        TV r3 = TO.Load(g + 3 * L), r4 = TO.Load(g + 4 * L), r5 = TO.Load(g + 5 * L);
                        TV r6 = TO.Load(g + 6 * L), r7 = TO.Load(g + 7 * L), r8 = TO.Load(g + 8 * L);
                        TV r9 = TO.Load(g + 9 * L);
                        float* w = kernel + ((o * 6 + c) * 5 + ki) * 5;
                        Fma10(TO.Broadcast(w[0]), r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, ref x0, ref x1, ref x2, ref x3, ref x4, ref x5, ref x6, ref x7, ref x8, ref x9);
                        Fma10(TO.Broadcast(w[1]), r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, ref x1, ref x2, ref x3, ref x4, ref x5, ref x6, ref x7, ref x8, ref x9, ref x10);
                        Fma10(TO.Broadcast(w[2]), r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, ref x2, ref x3, ref x4, ref x5, ref x6, ref x7, ref x8, ref x9, ref x10, ref x11);
                        Fma10(TO.Broadcast(w[3]), r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, ref x3, ref x4, ref x5, ref x6, ref x7, ref x8, ref x9, ref x10, ref x11, ref x12);
                        Fma10(TO.Broadcast(w[4]), r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, ref x4, ref x5, ref x6, ref x7, ref x8, ref x9, ref x10, ref x11, ref x12, ref x13);
                    }
                }
                float* target = s2Gradient + c * InPlane + y * In * L;
                TO.Store(x0, target);
                TO.Store(x1, target + L);
                TO.Store(x2, target + 2 * L);
                TO.Store(x3, target + 3 * L);
                TO.Store(x4, target + 4 * L);
                TO.Store(x5, target + 5 * L);
                TO.Store(x6, target + 6 * L);
                TO.Store(x7, target + 7 * L);
                TO.Store(x8, target + 8 * L);
                TO.Store(x9, target + 9 * L);
                TO.Store(x10, target + 10 * L);
                TO.Store(x11, target + 11 * L);
                TO.Store(x12, target + 12 * L);
                TO.Store(x13, target + 13 * L);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fma5(TV g, TV x0, TV x1, TV x2, TV x3, TV x4,
        ref TV a0, ref TV a1, ref TV a2, ref TV a3, ref TV a4)
    {
        a0 = TO.FusedMultiplyAdd(g, x0, a0);
        a1 = TO.FusedMultiplyAdd(g, x1, a1);
        a2 = TO.FusedMultiplyAdd(g, x2, a2);
        a3 = TO.FusedMultiplyAdd(g, x3, a3);
        a4 = TO.FusedMultiplyAdd(g, x4, a4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fma10(TV w,
        TV r0, TV r1, TV r2, TV r3, TV r4,
        TV r5, TV r6, TV r7, TV r8, TV r9,
        ref TV s0, ref TV s1, ref TV s2, ref TV s3, ref TV s4,
        ref TV s5, ref TV s6, ref TV s7, ref TV s8, ref TV s9)
    {
        s0 = TO.FusedMultiplyAdd(w, r0, s0);
        s1 = TO.FusedMultiplyAdd(w, r1, s1);
        s2 = TO.FusedMultiplyAdd(w, r2, s2);
        s3 = TO.FusedMultiplyAdd(w, r3, s3);
        s4 = TO.FusedMultiplyAdd(w, r4, s4);
        s5 = TO.FusedMultiplyAdd(w, r5, s5);
        s6 = TO.FusedMultiplyAdd(w, r6, s6);
        s7 = TO.FusedMultiplyAdd(w, r7, s7);
        s8 = TO.FusedMultiplyAdd(w, r8, s8);
        s9 = TO.FusedMultiplyAdd(w, r9, s9);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store5(float* w, TV a0, TV a1, TV a2, TV a3, TV a4)
    {
        TO.Store(a0, w);
        TO.Store(a1, w + L);
        TO.Store(a2, w + 2 * L);
        TO.Store(a3, w + 3 * L);
        TO.Store(a4, w + 4 * L);
    }
}
