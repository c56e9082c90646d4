// C1 (6 filters 5x5 over the zero-padded 32x32 input, tanh) fused with S2 (2x2 average pool), and C1's weight
// gradient fused with the backward pass of S2 and tanh; in the lane layout (a pixel is 16 floats, one per
// sample; a vector covers TO.Count of them).
// Invariant: each lane's sums run over positions in one fixed order, so a sample's values never depend on its lane.
using System.Runtime.CompilerServices;

namespace LeNetPipeline.Model.Kernels;

internal static unsafe class ConvolutionC1Kernel<TV, TO>
    where TV : unmanaged
    where TO : ILaneOps<TV>
{
    private const int L = LaneWorkspace.Lanes;
    private const int InRow = LaneWorkspace.InputSide * L; // floats per padded input row
    private const int Side = 28;
    private const int Pooled = 14;
    private const int Plane = Side * Side * L;
    private const int PooledPlane = Pooled * Pooled * L;

    /// <summary>
    /// c1 = tanh(conv(input) + bias), 6x28x28 (not stored when c1 is null, as in evaluation), and s2 = its 2x2
    /// average, 6x14x14. 2x2 output blocks, so the pool needs no second pass: 24 accumulators (6 channels x 4
    /// positions) stay in registers while they sum, and each broadcast weight meets 4 input pixels.
    /// </summary>
    public static void Forward(float* input, float* kernel, float* bias, float* c1, float* s2)
    {
        float* unaligned = stackalloc float[24 * L + 16];
        float* block = (float*)(((nint)unaligned + 63) & ~(nint)63); // whole cache lines, as everywhere else
        for (int bi = 0; bi < Pooled; bi++)
        {
            for (int bj = 0; bj < Pooled; bj++)
            {
                // a: (top, left), b: (top, right), c: (bottom, left), d: (bottom, right); digit = channel.
                TV a0 = TO.Broadcast(bias[0]), a1 = TO.Broadcast(bias[1]), a2 = TO.Broadcast(bias[2]);
                TV a3 = TO.Broadcast(bias[3]), a4 = TO.Broadcast(bias[4]), a5 = TO.Broadcast(bias[5]);
                TV b0 = a0, b1 = a1, b2 = a2, b3 = a3, b4 = a4, b5 = a5;
                TV c0 = a0, c1v = a1, c2 = a2, c3 = a3, c4 = a4, c5 = a5;
                TV d0 = a0, d1 = a1, d2 = a2, d3 = a3, d4 = a4, d5 = a5;
                float* top = input + (2 * bi * LaneWorkspace.InputSide + 2 * bj) * L;
                for (int ki = 0; ki < 5; ki++)
                {
                    float* upper = top + ki * InRow;
                    float* w = kernel + ki * 5;
                    for (int kj = 0; kj < 5; kj++, upper += L, w++)
                    {
                        TV x00 = TO.Load(upper), x01 = TO.Load(upper + L);
                        TV x10 = TO.Load(upper + InRow), x11 = TO.Load(upper + InRow + L);
                        Fma4(TO.Broadcast(w[0]), x00, x01, x10, x11, ref a0, ref b0, ref c0, ref d0);
                        Fma4(TO.Broadcast(w[25]), x00, x01, x10, x11, ref a1, ref b1, ref c1v, ref d1);
                        Fma4(TO.Broadcast(w[50]), x00, x01, x10, x11, ref a2, ref b2, ref c2, ref d2);
                        Fma4(TO.Broadcast(w[75]), x00, x01, x10, x11, ref a3, ref b3, ref c3, ref d3);
                        Fma4(TO.Broadcast(w[100]), x00, x01, x10, x11, ref a4, ref b4, ref c4, ref d4);
                        Fma4(TO.Broadcast(w[125]), x00, x01, x10, x11, ref a5, ref b5, ref c5, ref d5);
                    }
                }
                // Parked in L1, then finished channel by channel: tanh's constants and the 24 accumulators do
                // not fit in the registers together, and the compiler's spills cost more than these stores.
                Park(block, a0, b0, c0, d0);
                Park(block + 4 * L, a1, b1, c1v, d1);
                Park(block + 8 * L, a2, b2, c2, d2);
                Park(block + 12 * L, a3, b3, c3, d3);
                Park(block + 16 * L, a4, b4, c4, d4);
                Park(block + 20 * L, a5, b5, c5, d5);
                int topLeft = ((2 * bi) * Side + 2 * bj) * L;
                float* pooled = s2 + (bi * Pooled + bj) * L;
                for (int c = 0; c < 6; c++)
                {
                    float* parked = block + 4 * c * L;
                    Finish(TO.Load(parked), TO.Load(parked + L), TO.Load(parked + 2 * L), TO.Load(parked + 3 * L),
                        c1, topLeft + c * Plane, pooled + c * PooledPlane);
                }
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
        for (int row = 0; row < 156; row++)
        {
            TO.Store(default, sums + row * L);
        }
        float* biasSums = sums + 150 * L;
        for (int i = 0; i < Side; i++)
        {
            for (int c = 0; c < 6; c++)
            {
                float* activation = c1 + c * Plane + i * Side * L;
                float* pooledGradient = s2Gradient + (c * Pooled + (i >> 1)) * Pooled * L;
                float* g = rowGradient + c * Side * L;
                TV biasSum = TO.Load(biasSums + c * L);
                for (int j = 0; j < Side; j += 2)
                {
                    TV upstream = TO.Multiply(TO.Load(pooledGradient + (j >> 1) * L), TO.Broadcast(0.25f));
                    TV left = TO.Multiply(upstream, LaneMath<TV, TO>.TanhDerivative(TO.Load(activation + j * L)));
                    TV right = TO.Multiply(upstream, LaneMath<TV, TO>.TanhDerivative(TO.Load(activation + (j + 1) * L)));
                    TO.Store(left, g + j * L);
                    TO.Store(right, g + (j + 1) * L);
                    biasSum = TO.Add(biasSum, left);
                    biasSum = TO.Add(biasSum, right);
                }
                TO.Store(biasSum, biasSums + c * L);
            }
            for (int c = 0; c < 6; c += 3)
            {
                float* g = rowGradient + c * Side * L;
                for (int ki = 0; ki < 5; ki++)
                {
                    float* w = sums + (c * 25 + ki * 5) * L;
                    const int ChannelStride = 25 * L;
                    TV a00 = TO.Load(w), a01 = TO.Load(w + L), a02 = TO.Load(w + 2 * L), a03 = TO.Load(w + 3 * L), a04 = TO.Load(w + 4 * L);
                    float* w1 = w + ChannelStride;
                    TV a10 = TO.Load(w1), a11 = TO.Load(w1 + L), a12 = TO.Load(w1 + 2 * L), a13 = TO.Load(w1 + 3 * L), a14 = TO.Load(w1 + 4 * L);
                    float* w2 = w1 + ChannelStride;
                    TV a20 = TO.Load(w2), a21 = TO.Load(w2 + L), a22 = TO.Load(w2 + 2 * L), a23 = TO.Load(w2 + 3 * L), a24 = TO.Load(w2 + 4 * L);
                    float* x = input + (i + ki) * InRow;
                    for (int j = 0; j < Side; j++, x += L)
                    {
                        TV x0 = TO.Load(x), x1 = TO.Load(x + L), x2 = TO.Load(x + 2 * L);
                        TV x3 = TO.Load(x + 3 * L), x4 = TO.Load(x + 4 * L);
                        float* gj = g + j * L;
                        Fma5(TO.Load(gj), x0, x1, x2, x3, x4, ref a00, ref a01, ref a02, ref a03, ref a04);
                        Fma5(TO.Load(gj + Side * L), x0, x1, x2, x3, x4, ref a10, ref a11, ref a12, ref a13, ref a14);
                        Fma5(TO.Load(gj + 2 * Side * L), x0, x1, x2, x3, x4, ref a20, ref a21, ref a22, ref a23, ref a24);
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
    private static void Fma4(TV w, TV x00, TV x01, TV x10, TV x11,
        ref TV a, ref TV b, ref TV c, ref TV d)
    {
        a = TO.FusedMultiplyAdd(w, x00, a);
        b = TO.FusedMultiplyAdd(w, x01, b);
        c = TO.FusedMultiplyAdd(w, x10, c);
        d = TO.FusedMultiplyAdd(w, x11, d);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Park(float* target, TV a, TV b, TV c, TV d)
    {
        TO.Store(a, target);
        TO.Store(b, target + L);
        TO.Store(c, target + 2 * L);
        TO.Store(d, target + 3 * L);
    }

    // tanh of a 2x2 block of one channel, its average into S2, and (for training) the activations into C1.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(TV a, TV b, TV c, TV d,
        float* c1, int topLeft, float* pooled)
    {
        a = LaneMath<TV, TO>.Tanh(a);
        b = LaneMath<TV, TO>.Tanh(b);
        c = LaneMath<TV, TO>.Tanh(c);
        d = LaneMath<TV, TO>.Tanh(d);
        if (c1 != null)
        {
            float* y = c1 + topLeft;
            TO.Store(a, y);
            TO.Store(b, y + L);
            TO.Store(c, y + Side * L);
            TO.Store(d, y + Side * L + L);
        }
        TO.Store(TO.Multiply(TO.Add(TO.Add(TO.Add(a, b), c), d), TO.Broadcast(0.25f)), pooled);
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
    private static void Store5(float* w, TV a0, TV a1, TV a2, TV a3, TV a4)
    {
        TO.Store(a0, w);
        TO.Store(a1, w + L);
        TO.Store(a2, w + 2 * L);
        TO.Store(a3, w + 3 * L);
        TO.Store(a4, w + 4 * L);
    }
}
