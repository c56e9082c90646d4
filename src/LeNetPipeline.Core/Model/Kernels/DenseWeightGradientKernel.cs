// Weight and bias gradients of a dense layer (C5, F6, out). A sample's gradient is the single-rounded product
// dW_s[o][i] = dy_s[o] * x_s[i]; a group's is acc = p_0; acc = acc + p_1; ... in sample order, with a separate
// multiply and add (an FMA would round differently from the aggregator's rebuild from per-sample gradients).
// Invariant: the products are vectorised over i on sample-major copies of x, so no vector ever mixes samples,
// and every element gets the same operations whatever the vector width.
namespace LeNetPipeline.Model.Kernels;

internal static unsafe class DenseWeightGradientKernel<TV, TO>
    where TV : unmanaged
    where TO : ILaneOps<TV>
{
    private const int L = LaneWorkspace.Lanes;

    /// <summary>
    /// Sums over samples 0..count-1 into weightGradient (outputs x inputs, overwritten) and biasGradient.
    /// dy is in the lane layout; xTransposed holds sample s's inputs at s * stride. inputs must be at least one
    /// vector: a last partial block overlaps the previous one, rewriting the same values.
    /// </summary>
    public static void SumOverSamples(float* dy, float* xTransposed, int stride, int inputs, int outputs, int count,
        float* weightGradient, float* biasGradient)
    {
        int w = TO.Count;
        for (int o = 0; o < outputs; o++)
        {
            float* g = dy + o * L;
            float* row = weightGradient + (nint)o * inputs;
            int i = 0;
            // Four blocks at once: four independent addition chains hide the add latency.
            for (; i + 4 * w <= inputs; i += 4 * w)
            {
                float* x = xTransposed + i;
                TV scale = TO.Broadcast(g[0]);
                TV a0 = TO.Multiply(scale, TO.Load(x)), a1 = TO.Multiply(scale, TO.Load(x + w));
                TV a2 = TO.Multiply(scale, TO.Load(x + 2 * w)), a3 = TO.Multiply(scale, TO.Load(x + 3 * w));
                for (int s = 1; s < count; s++)
                {
                    x += stride;
                    scale = TO.Broadcast(g[s]);
                    a0 = TO.Add(a0, TO.Multiply(scale, TO.Load(x)));
                    a1 = TO.Add(a1, TO.Multiply(scale, TO.Load(x + w)));
                    a2 = TO.Add(a2, TO.Multiply(scale, TO.Load(x + 2 * w)));
                    a3 = TO.Add(a3, TO.Multiply(scale, TO.Load(x + 3 * w)));
                }
                TO.Store(a0, row + i);
                TO.Store(a1, row + i + w);
                TO.Store(a2, row + i + 2 * w);
                TO.Store(a3, row + i + 3 * w);
            }
            for (; i < inputs; i += w)
            {
                i = Math.Min(i, inputs - w);
                float* x = xTransposed + i;
                TV a = TO.Multiply(TO.Broadcast(g[0]), TO.Load(x));
                for (int s = 1; s < count; s++)
                {
                    a = TO.Add(a, TO.Multiply(TO.Broadcast(g[s]), TO.Load(x + s * stride)));
                }
                TO.Store(a, row + i);
            }
            float bias = g[0];
            for (int s = 1; s < count; s++)
            {
                bias += g[s];
            }
            biasGradient[o] = bias;
        }
    }

    /// <summary>Sample s's own gradient into weightGradient (outputs x inputs, overwritten) and biasGradient.</summary>
    public static void OneSample(float* dy, float* xTransposed, int stride, int inputs, int outputs, int s,
        float* weightGradient, float* biasGradient)
    {
        int w = TO.Count;
        float* x = xTransposed + s * stride;
        for (int o = 0; o < outputs; o++)
        {
            float* g = dy + o * L;
            float* row = weightGradient + (nint)o * inputs;
            TV scale = TO.Broadcast(g[s]);
            for (int i = 0; i < inputs; i += w)
            {
                i = Math.Min(i, inputs - w);
                TO.Store(TO.Multiply(scale, TO.Load(x + i)), row + i);
            }
            biasGradient[o] = g[s];
        }
    }
}
