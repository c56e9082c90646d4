// Alternative: im2col + GEMM for one sample at a time. The 5x5 windows are first copied into a (taps x
// positions) matrix, so the product runs on aligned, full vectors along positions (784 = 49 x 16 for C1; 100 of
// 112 for C3), at the price of building the matrix (25 and 150 copies of every input row) for every sample.
// Forward only, tanh included for C1, no pooling.
using System.Runtime.Intrinsics;
using LeNetPipeline.Model.Kernels;

namespace LeNetPipeline.Bench.Kernels.Alternatives;

internal static unsafe class Im2ColConvolution
{
    public const int C1Positions = 28 * 28;
    public const int C3Stride = 128; // 100 positions, padded so 16-wide copies of a 10-wide row may spill over

    /// <summary>
    /// C1: input is one zero-padded image, row stride DirectConvolution.InputStride; columns: 25 x 784 scratch;
    /// output 6 x 784.
    /// </summary>
    public static void C1(float* input, float* kernel, float* bias, float* columns, float* output)
    {
        for (int tap = 0; tap < 25; tap++)
        {
            int ki = tap / 5, kj = tap % 5;
            for (int i = 0; i < 28; i++)
            {
                float* source = input + (i + ki) * DirectConvolution.InputStride + kj;
                float* target = columns + tap * C1Positions + i * 28;
                Vector512.Load(source).Store(target);
                Vector512.Load(source + 12).Store(target + 12);
            }
        }
        for (int p = 0; p < C1Positions; p += 32)
        {
            Vector512<float> l0 = Vector512.Create(bias[0]), l1 = Vector512.Create(bias[1]), l2 = Vector512.Create(bias[2]);
            Vector512<float> l3 = Vector512.Create(bias[3]), l4 = Vector512.Create(bias[4]), l5 = Vector512.Create(bias[5]);
            Vector512<float> r0 = l0, r1 = l1, r2 = l2, r3 = l3, r4 = l4, r5 = l5;
            bool pair = p + 16 < C1Positions;
            for (int tap = 0; tap < 25; tap++)
            {
                float* column = columns + tap * C1Positions + p;
                Vector512<float> left = Vector512.Load(column), right = pair ? Vector512.Load(column + 16) : default;
                float* w = kernel + tap;
                Vector512<float> w0 = Vector512.Create(w[0]), w1 = Vector512.Create(w[25]), w2 = Vector512.Create(w[50]);
                l0 = Vector512.FusedMultiplyAdd(w0, left, l0);
                r0 = Vector512.FusedMultiplyAdd(w0, right, r0);
                l1 = Vector512.FusedMultiplyAdd(w1, left, l1);
                r1 = Vector512.FusedMultiplyAdd(w1, right, r1);
                l2 = Vector512.FusedMultiplyAdd(w2, left, l2);
                r2 = Vector512.FusedMultiplyAdd(w2, right, r2);
                Vector512<float> w3 = Vector512.Create(w[75]), w4 = Vector512.Create(w[100]), w5 = Vector512.Create(w[125]);
                l3 = Vector512.FusedMultiplyAdd(w3, left, l3);
                r3 = Vector512.FusedMultiplyAdd(w3, right, r3);
                l4 = Vector512.FusedMultiplyAdd(w4, left, l4);
                r4 = Vector512.FusedMultiplyAdd(w4, right, r4);
                l5 = Vector512.FusedMultiplyAdd(w5, left, l5);
                r5 = Vector512.FusedMultiplyAdd(w5, right, r5);
            }
            StoreTanh(output + p, l0, r0, pair);
            StoreTanh(output + C1Positions + p, l1, r1, pair);
            StoreTanh(output + 2 * C1Positions + p, l2, r2, pair);
            StoreTanh(output + 3 * C1Positions + p, l3, r3, pair);
            StoreTanh(output + 4 * C1Positions + p, l4, r4, pair);
            StoreTanh(output + 5 * C1Positions + p, l5, r5, pair);
        }
    }

    /// <summary>
    /// C3 pre-activations: s2 is 6 x 14 x 14 plus slack; columns: 150 x C3Stride scratch; output 16 x 112.
    /// transposedKernel: the (6,5,5,16) reordering of SampleGroupKernel.
    /// </summary>
    public static void C3(float* s2, float* transposedKernel, float* bias, float* columns, float* output)
    {
        for (int tap = 0; tap < 150; tap++)
        {
            int c = tap / 25, ki = tap / 5 % 5, kj = tap % 5;
            for (int i = 0; i < 10; i++)
            {
                // 16 copied, 10 kept: the next row's copy overwrites the spill.
                Vector512.Load(s2 + (c * 14 + i + ki) * 14 + kj).Store(columns + tap * C3Stride + i * 10);
            }
        }
        for (int p = 0; p < 112; p += 16)
        {
            Vector512<float> a0 = Vector512.Create(bias[0]), a1 = Vector512.Create(bias[1]), a2 = Vector512.Create(bias[2]), a3 = Vector512.Create(bias[3]);
            Vector512<float> a4 = Vector512.Create(bias[4]), a5 = Vector512.Create(bias[5]), a6 = Vector512.Create(bias[6]), a7 = Vector512.Create(bias[7]);
            Vector512<float> a8 = Vector512.Create(bias[8]), a9 = Vector512.Create(bias[9]), a10 = Vector512.Create(bias[10]), a11 = Vector512.Create(bias[11]);
            Vector512<float> a12 = Vector512.Create(bias[12]), a13 = Vector512.Create(bias[13]), a14 = Vector512.Create(bias[14]), a15 = Vector512.Create(bias[15]);
            float* column = columns + p;
            float* t = transposedKernel;
            for (int tap = 0; tap < 150; tap++, column += C3Stride, t += 16)
            {
                Vector512<float> v = Vector512.Load(column);
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
            float* y = output + p;
            a0.Store(y);
            a1.Store(y + 112);
            a2.Store(y + 2 * 112);
            a3.Store(y + 3 * 112);
            a4.Store(y + 4 * 112);
            a5.Store(y + 5 * 112);
            a6.Store(y + 6 * 112);
            a7.Store(y + 7 * 112);
            a8.Store(y + 8 * 112);
            a9.Store(y + 9 * 112);
            a10.Store(y + 10 * 112);
            a11.Store(y + 11 * 112);
            a12.Store(y + 12 * 112);
            a13.Store(y + 13 * 112);
            a14.Store(y + 14 * 112);
            a15.Store(y + 15 * 112);
        }
    }

    private static void StoreTanh(float* y, Vector512<float> left, Vector512<float> right, bool pair)
    {
        LaneMath<Vector512<float>, Lanes512>.Tanh(left).Store(y);
        if (pair)
        {
            LaneMath<Vector512<float>, Lanes512>.Tanh(right).Store(y + 16);
        }
    }
}
