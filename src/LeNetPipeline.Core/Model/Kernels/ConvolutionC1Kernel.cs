// C1 (6 filters 5x5 over the zero-padded 32x32 input, tanh) fused with S2 (2x2 average pool), and C1's weight
// gradient fused with the backward pass of S2 and tanh; all in the lane layout, one Vector512 = one pixel of 16
// samples.
// Invariant: each lane's sums run over positions in one fixed order, so a sample's values never depend on its lane.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LeNetPipeline.Model.Kernels;

internal static unsafe class ConvolutionC1Kernel
{
    private const int L = LaneWorkspace.Lanes;
    private const int InRow = LaneWorkspace.InputSide * L; // floats per padded input row
    private const int Side = 28;
    private const int Pooled = 14;
    private const int Plane = Side * Side * L;

    /// <summary>
    /// c1 = tanh(conv(input) + bias), 6x28x28 (not stored when c1 is null, as in evaluation), and s2 = its 2x2
    /// average, 6x14x14. 2x2 output blocks, so the pool needs no second pass: 24 accumulators (6 channels x 4
    /// positions) stay in registers, and each broadcast weight meets 4 input pixels.
    /// </summary>
    public static void Forward(float* input, float* kernel, float* bias, float* c1, float* s2)
    {
        for (int bi = 0; bi < Pooled; bi++)
        {
            for (int bj = 0; bj < Pooled; bj++)
            {
                // a: (top, left), b: (top, right), c: (bottom, left), d: (bottom, right); digit = channel.
                Vector512<float> a0 = Vector512.Create(bias[0]), a1 = Vector512.Create(bias[1]), a2 = Vector512.Create(bias[2]);
                Vector512<float> a3 = Vector512.Create(bias[3]), a4 = Vector512.Create(bias[4]), a5 = Vector512.Create(bias[5]);
                Vector512<float> b0 = a0, b1 = a1, b2 = a2, b3 = a3, b4 = a4, b5 = a5;
                Vector512<float> c0 = a0, c1v = a1, c2 = a2, c3 = a3, c4 = a4, c5 = a5;
                Vector512<float> d0 = a0, d1 = a1, d2 = a2, d3 = a3, d4 = a4, d5 = a5;
                float* top = input + (2 * bi * LaneWorkspace.InputSide + 2 * bj) * L;
                for (int ki = 0; ki < 5; ki++)
                {
                    float* upper = top + ki * InRow;
                    float* w = kernel + ki * 5;
                    for (int kj = 0; kj < 5; kj++, upper += L, w++)
                    {
                        Vector512<float> x00 = Vector512.Load(upper), x01 = Vector512.Load(upper + L);
                        Vector512<float> x10 = Vector512.Load(upper + InRow), x11 = Vector512.Load(upper + InRow + L);
                        Fma4(Vector512.Create(w[0]), x00, x01, x10, x11, ref a0, ref b0, ref c0, ref d0);
                        Fma4(Vector512.Create(w[25]), x00, x01, x10, x11, ref a1, ref b1, ref c1v, ref d1);
                        Fma4(Vector512.Create(w[50]), x00, x01, x10, x11, ref a2, ref b2, ref c2, ref d2);
                        Fma4(Vector512.Create(w[75]), x00, x01, x10, x11, ref a3, ref b3, ref c3, ref d3);
                        Fma4(Vector512.Create(w[100]), x00, x01, x10, x11, ref a4, ref b4, ref c4, ref d4);
                        Fma4(Vector512.Create(w[125]), x00, x01, x10, x11, ref a5, ref b5, ref c5, ref d5);
                    }
                }
                int topLeft = ((2 * bi) * Side + 2 * bj) * L;
                float* pooled = s2 + (bi * Pooled + bj) * L;
                const int PooledPlane = Pooled * Pooled * L;
                Finish(a0, b0, c0, d0, c1, topLeft, pooled);
                Finish(a1, b1, c1v, d1, c1, topLeft + Plane, pooled + PooledPlane);
                Finish(a2, b2, c2, d2, c1, topLeft + 2 * Plane, pooled + 2 * PooledPlane);
                Finish(a3, b3, c3, d3, c1, topLeft + 3 * Plane, pooled + 3 * PooledPlane);
                Finish(a4, b4, c4, d4, c1, topLeft + 4 * Plane, pooled + 4 * PooledPlane);
                Finish(a5, b5, c5, d5, c1, topLeft + 5 * Plane, pooled + 5 * PooledPlane);
            }
        }
    }

    /// <summary>
    /// Per-lane sums of C1's weight and bias gradients into sums (rows: 150 kernel weights, then 6 biases), from
    /// s2Gradient (dL/dS2) through the pool (x 1/4) and tanh (x (1 - c1^2)). Row by row: dZ of one output row of
    /// all 6 channels goes to rowGradient (6 x 28 pixels, stays in L1), then blocks of 3 channels x 5 taps of one
    /// kernel row keep 15 accumulators in registers, fed by 3 + 5 loads per position; between rows the
    /// accumulators wait in sums.
    /// </summary>
    public static void WeightGradient(float* input, float* c1, float* s2Gradient, float* rowGradient, float* sums)
    {
        LaneTranspose.Clear(sums, 156);
        float* biasSums = sums + 150 * L;
        for (int i = 0; i < Side; i++)
        {
            for (int c = 0; c < 6; c++)
            {
                float* activation = c1 + c * Plane + i * Side * L;
                float* pooledGradient = s2Gradient + (c * Pooled + (i >> 1)) * Pooled * L;
                float* g = rowGradient + c * Side * L;
                Vector512<float> biasSum = Vector512.Load(biasSums + c * L);
                for (int j = 0; j < Side; j += 2)
                {
                    Vector512<float> upstream = Vector512.Load(pooledGradient + (j >> 1) * L) * 0.25f;
                    Vector512<float> left = upstream * LaneMath.TanhDerivative(Vector512.Load(activation + j * L));
                    Vector512<float> right = upstream * LaneMath.TanhDerivative(Vector512.Load(activation + (j + 1) * L));
                    left.Store(g + j * L);
                    right.Store(g + (j + 1) * L);
                    biasSum += left;
                    biasSum += right;
                }
                biasSum.Store(biasSums + c * L);
            }
            for (int c = 0; c < 6; c += 3)
            {
                float* g = rowGradient + c * Side * L;
                for (int ki = 0; ki < 5; ki++)
                {
                    float* w = sums + (c * 25 + ki * 5) * L;
                    const int ChannelStride = 25 * L;
                    Vector512<float> a00 = Vector512.Load(w), a01 = Vector512.Load(w + L), a02 = Vector512.Load(w + 2 * L), a03 = Vector512.Load(w + 3 * L), a04 = Vector512.Load(w + 4 * L);
                    float* w1 = w + ChannelStride;
                    Vector512<float> a10 = Vector512.Load(w1), a11 = Vector512.Load(w1 + L), a12 = Vector512.Load(w1 + 2 * L), a13 = Vector512.Load(w1 + 3 * L), a14 = Vector512.Load(w1 + 4 * L);
                    float* w2 = w1 + ChannelStride;
                    Vector512<float> a20 = Vector512.Load(w2), a21 = Vector512.Load(w2 + L), a22 = Vector512.Load(w2 + 2 * L), a23 = Vector512.Load(w2 + 3 * L), a24 = Vector512.Load(w2 + 4 * L);
                    float* x = input + (i + ki) * InRow;
                    for (int j = 0; j < Side; j++, x += L)
                    {
                        Vector512<float> x0 = Vector512.Load(x), x1 = Vector512.Load(x + L), x2 = Vector512.Load(x + 2 * L);
                        Vector512<float> x3 = Vector512.Load(x + 3 * L), x4 = Vector512.Load(x + 4 * L);
                        float* gj = g + j * L;
                        Fma5(Vector512.Load(gj), x0, x1, x2, x3, x4, ref a00, ref a01, ref a02, ref a03, ref a04);
                        Fma5(Vector512.Load(gj + Side * L), x0, x1, x2, x3, x4, ref a10, ref a11, ref a12, ref a13, ref a14);
                        Fma5(Vector512.Load(gj + 2 * Side * L), x0, x1, x2, x3, x4, ref a20, ref a21, ref a22, ref a23, ref a24);
                    }
                    Store5(w, a00, a01, a02, a03, a04);
                    Store5(w1, a10, a11, a12, a13, a14);
                    Store5(w2, a20, a21, a22, a23, a24);
                }
            }
        }
    }

    // One broadcast weight into the 4 positions of a 2x2 block.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fma4(Vector512<float> w, Vector512<float> x00, Vector512<float> x01, Vector512<float> x10, Vector512<float> x11,
        ref Vector512<float> a, ref Vector512<float> b, ref Vector512<float> c, ref Vector512<float> d)
    {
        a = Vector512.FusedMultiplyAdd(w, x00, a);
        b = Vector512.FusedMultiplyAdd(w, x01, b);
        c = Vector512.FusedMultiplyAdd(w, x10, c);
        d = Vector512.FusedMultiplyAdd(w, x11, d);
    }

    // tanh of a 2x2 block of one channel, its average into S2, and (for training) the activations into C1.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d,
        float* c1, int topLeft, float* pooled)
    {
        a = LaneMath.Tanh(a);
        b = LaneMath.Tanh(b);
        c = LaneMath.Tanh(c);
        d = LaneMath.Tanh(d);
        if (c1 != null)
        {
            float* y = c1 + topLeft;
            a.Store(y);
            b.Store(y + L);
            c.Store(y + Side * L);
            d.Store(y + Side * L + L);
        }
        ((a + b + c + d) * 0.25f).Store(pooled);
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
    private static void Store5(float* w, Vector512<float> a0, Vector512<float> a1, Vector512<float> a2, Vector512<float> a3, Vector512<float> a4)
    {
        a0.Store(w);
        a1.Store(w + L);
        a2.Store(w + 2 * L);
        a3.Store(w + 3 * L);
        a4.Store(w + 4 * L);
    }
}
