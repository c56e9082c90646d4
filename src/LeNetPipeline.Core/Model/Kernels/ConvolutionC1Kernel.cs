// C1 (6 filters 5x5 over the zero-padded 32x32 input, tanh) fused with S2 (2x2 average pool), and C1's weight
// gradient fused with S2's backward pass; all in the lane layout, one Vector512 = one pixel of 16 samples.
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

    /// <summary>
    /// c1 = tanh(conv(input) + bias), 6x28x28 (skipped when c1 is null, as in evaluation), and s2 = its 2x2
    /// average, 6x14x14. Works on 2x2 output blocks so the pool needs no second pass: 24 accumulators
    /// (6 channels x 4 positions) stay in registers, and each broadcast weight meets 4 input pixels.
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
                int pooled = (bi * Pooled + bj) * L;
                Finish(a0, b0, c0, d0, c1, s2, topLeft, pooled);
                Finish(a1, b1, c1v, d1, c1, s2, topLeft + Side * Side * L, pooled + Pooled * Pooled * L);
                Finish(a2, b2, c2, d2, c1, s2, topLeft + 2 * Side * Side * L, pooled + 2 * Pooled * Pooled * L);
                Finish(a3, b3, c3, d3, c1, s2, topLeft + 3 * Side * Side * L, pooled + 3 * Pooled * Pooled * L);
                Finish(a4, b4, c4, d4, c1, s2, topLeft + 4 * Side * Side * L, pooled + 4 * Pooled * Pooled * L);
                Finish(a5, b5, c5, d5, c1, s2, topLeft + 5 * Side * Side * L, pooled + 5 * Pooled * Pooled * L);
            }
        }
    }

    /// <summary>
    /// Per-lane sums of C1's weight and bias gradients into sums (rows: 150 kernel weights, then 6 biases), from
    /// s2Gradient (dL/dS2) through the pool (x 1/4) and tanh (x (1 - c1^2)). One channel at a time keeps its 25
    /// weight accumulators in registers; each position's dZ is formed once and meets 25 input pixels.
    /// </summary>
    public static void WeightGradient(float* input, float* c1, float* s2Gradient, float* sums)
    {
        for (int c = 0; c < 6; c++)
        {
            Vector512<float> k00 = default, k01 = default, k02 = default, k03 = default, k04 = default;
            Vector512<float> k10 = default, k11 = default, k12 = default, k13 = default, k14 = default;
            Vector512<float> k20 = default, k21 = default, k22 = default, k23 = default, k24 = default;
            Vector512<float> k30 = default, k31 = default, k32 = default, k33 = default, k34 = default;
            Vector512<float> k40 = default, k41 = default, k42 = default, k43 = default, k44 = default;
            Vector512<float> biasSum = default;
            float* activation = c1 + c * Side * Side * L;
            float* pooledGradient = s2Gradient + c * Pooled * Pooled * L;
            for (int i = 0; i < Side; i++)
            {
                float* inputRow = input + i * InRow;
                for (int j = 0; j < Side; j++)
                {
                    Vector512<float> upstream = Vector512.Load(pooledGradient + ((i >> 1) * Pooled + (j >> 1)) * L) * 0.25f;
                    Vector512<float> dz = upstream * LaneMath.TanhDerivative(Vector512.Load(activation + (i * Side + j) * L));
                    biasSum += dz;
                    float* x = inputRow + j * L;
                    Fma5(dz, x, ref k00, ref k01, ref k02, ref k03, ref k04);
                    Fma5(dz, x + InRow, ref k10, ref k11, ref k12, ref k13, ref k14);
                    Fma5(dz, x + 2 * InRow, ref k20, ref k21, ref k22, ref k23, ref k24);
                    Fma5(dz, x + 3 * InRow, ref k30, ref k31, ref k32, ref k33, ref k34);
                    Fma5(dz, x + 4 * InRow, ref k40, ref k41, ref k42, ref k43, ref k44);
                }
            }
            float* w = sums + c * 25 * L;
            Store5(w, k00, k01, k02, k03, k04);
            Store5(w + 5 * L, k10, k11, k12, k13, k14);
            Store5(w + 10 * L, k20, k21, k22, k23, k24);
            Store5(w + 15 * L, k30, k31, k32, k33, k34);
            Store5(w + 20 * L, k40, k41, k42, k43, k44);
            biasSum.Store(sums + (150 + c) * L);
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d,
        float* c1, float* s2, int topLeft, int pooled)
    {
        a = LaneMath.Tanh(a);
        b = LaneMath.Tanh(b);
        c = LaneMath.Tanh(c);
        d = LaneMath.Tanh(d);
        if (c1 != null)
        {
            a.Store(c1 + topLeft);
            b.Store(c1 + topLeft + L);
            c.Store(c1 + topLeft + Side * L);
            d.Store(c1 + topLeft + Side * L + L);
        }
        ((a + b + c + d) * 0.25f).Store(s2 + pooled);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fma5(Vector512<float> dz, float* x,
        ref Vector512<float> a0, ref Vector512<float> a1, ref Vector512<float> a2, ref Vector512<float> a3, ref Vector512<float> a4)
    {
        a0 = Vector512.FusedMultiplyAdd(dz, Vector512.Load(x), a0);
        a1 = Vector512.FusedMultiplyAdd(dz, Vector512.Load(x + L), a1);
        a2 = Vector512.FusedMultiplyAdd(dz, Vector512.Load(x + 2 * L), a2);
        a3 = Vector512.FusedMultiplyAdd(dz, Vector512.Load(x + 3 * L), a3);
        a4 = Vector512.FusedMultiplyAdd(dz, Vector512.Load(x + 4 * L), a4);
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
