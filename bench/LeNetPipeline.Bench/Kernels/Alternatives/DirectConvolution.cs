// Alternative: direct convolution of one sample at a time, vectorised along output rows (Vector512, 16 columns).
// Why the kernel does not do it this way: rows of 28 (C1) and 10 (C3) fill 28 of 32 and 10 of 16 lanes, and the
// shifted 5x5 windows are misaligned loads that split cache lines. Forward only, tanh included, no pooling.
using System.Runtime.Intrinsics;
using LeNetPipeline.Model.Kernels;

namespace LeNetPipeline.Bench.Kernels.Alternatives;

internal static unsafe class DirectConvolution
{
    /// <summary>Row stride of the zero-padded input: 32 columns plus room for the last window's 16-wide load.</summary>
    public const int InputStride = 48;

    /// <summary>
    /// C1: input is one 28x28 image zero-padded by 2 (row stride InputStride); output 6 x 28 rows x 32 floats
    /// (columns 28..31 are waste). Two 16-column vectors x 6 channels = 12 accumulators per output row.
    /// </summary>
    public static void C1(float* input, float* kernel, float* bias, float* output)
    {
        for (int i = 0; i < 28; i++)
        {
            Vector512<float> l0 = Vector512.Create(bias[0]), l1 = Vector512.Create(bias[1]), l2 = Vector512.Create(bias[2]);
            Vector512<float> l3 = Vector512.Create(bias[3]), l4 = Vector512.Create(bias[4]), l5 = Vector512.Create(bias[5]);
            Vector512<float> r0 = l0, r1 = l1, r2 = l2, r3 = l3, r4 = l4, r5 = l5;
            for (int ki = 0; ki < 5; ki++)
            {
                float* row = input + (i + ki) * InputStride;
                for (int kj = 0; kj < 5; kj++)
                {
                    Vector512<float> left = Vector512.Load(row + kj), right = Vector512.Load(row + kj + 16);
                    float* w = kernel + ki * 5 + kj;
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
            }
            float* y = output + i * 32;
            const int Plane = 28 * 32;
            StoreTanh(y, l0, r0);
            StoreTanh(y + Plane, l1, r1);
            StoreTanh(y + 2 * Plane, l2, r2);
            StoreTanh(y + 3 * Plane, l3, r3);
            StoreTanh(y + 4 * Plane, l4, r4);
            StoreTanh(y + 5 * Plane, l5, r5);
        }
    }

    /// <summary>
    /// C3 pre-activations: s2 is 6 x 14 x 14 (plus 16 floats of slack after it); output 16 x 10 rows x 16 floats
    /// (columns 10..15 are waste). One 16-column vector x 16 filters = 16 accumulators per output row.
    /// transposedKernel: the (6,5,5,16) reordering of SampleGroupKernel.
    /// </summary>
    public static void C3(float* s2, float* transposedKernel, float* bias, float* output)
    {
        for (int i = 0; i < 10; i++)
        {
            Vector512<float> a0 = Vector512.Create(bias[0]), a1 = Vector512.Create(bias[1]), a2 = Vector512.Create(bias[2]), a3 = Vector512.Create(bias[3]);
            Vector512<float> a4 = Vector512.Create(bias[4]), a5 = Vector512.Create(bias[5]), a6 = Vector512.Create(bias[6]), a7 = Vector512.Create(bias[7]);
            Vector512<float> a8 = Vector512.Create(bias[8]), a9 = Vector512.Create(bias[9]), a10 = Vector512.Create(bias[10]), a11 = Vector512.Create(bias[11]);
            Vector512<float> a12 = Vector512.Create(bias[12]), a13 = Vector512.Create(bias[13]), a14 = Vector512.Create(bias[14]), a15 = Vector512.Create(bias[15]);
            for (int c = 0; c < 6; c++)
            {
                for (int ki = 0; ki < 5; ki++)
                {
                    float* row = s2 + (c * 14 + i + ki) * 14;
                    float* t = transposedKernel + (c * 25 + ki * 5) * 16;
                    for (int kj = 0; kj < 5; kj++, row++, t += 16)
                    {
                        Vector512<float> v = Vector512.Load(row);
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
            float* y = output + i * 16;
            const int Plane = 10 * 16;
            a0.Store(y);
            a1.Store(y + Plane);
            a2.Store(y + 2 * Plane);
            a3.Store(y + 3 * Plane);
            a4.Store(y + 4 * Plane);
            a5.Store(y + 5 * Plane);
            a6.Store(y + 6 * Plane);
            a7.Store(y + 7 * Plane);
            a8.Store(y + 8 * Plane);
            a9.Store(y + 9 * Plane);
            a10.Store(y + 10 * Plane);
            a11.Store(y + 11 * Plane);
            a12.Store(y + 12 * Plane);
            a13.Store(y + 13 * Plane);
            a14.Store(y + 14 * Plane);
            a15.Store(y + 15 * Plane);
        }
    }

    private static void StoreTanh(float* y, Vector512<float> left, Vector512<float> right)
    {
        LaneMath<Vector512<float>, Lanes512>.Tanh(left).Store(y);
        LaneMath<Vector512<float>, Lanes512>.Tanh(right).Store(y + 16);
    }
}
