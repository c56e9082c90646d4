// Weight and bias gradients of a dense layer (C5, F6, out). A sample's gradient is the single-rounded product
// dW_s[o][i] = dy_s[o] * x_s[i]; a group's is acc = p_0; acc = acc + p_1; ... in sample order, with a separate
// multiply and add (an FMA would round differently from the aggregator's rebuild from per-sample gradients).
// Invariant: the products are vectorised over i on sample-major copies of x, so no lane ever mixes samples.
using System.Runtime.Intrinsics;

namespace LeNetPipeline.Model.Kernels;

internal static unsafe class DenseWeightGradientKernel
{
    private const int L = LaneWorkspace.Lanes;

    /// <summary>
    /// Sums over samples 0..count-1 into weightGradient (outputs x inputs, overwritten) and biasGradient.
    /// inputs must be at least 16: a last partial block overlaps the previous one, rewriting the same values.
    /// </summary>
    public static void SumOverSamples(float* dy, float* xTransposed, int stride, int inputs, int outputs, int count,
        float* weightGradient, float* biasGradient)
    {
        for (int o = 0; o < outputs; o++)
        {
            float* g = dy + o * L;
            float* row = weightGradient + (nint)o * inputs;
            int i = 0;
            // Four blocks at once: four independent addition chains hide the add latency.
            for (; i + 64 <= inputs; i += 64)
            {
                float* x = xTransposed + i;
                Vector512<float> scale = Vector512.Create(g[0]);
                Vector512<float> a0 = scale * Vector512.Load(x), a1 = scale * Vector512.Load(x + 16);
                Vector512<float> a2 = scale * Vector512.Load(x + 32), a3 = scale * Vector512.Load(x + 48);
                for (int s = 1; s < count; s++)
                {
                    x += stride;
                    scale = Vector512.Create(g[s]);
                    a0 += scale * Vector512.Load(x);
                    a1 += scale * Vector512.Load(x + 16);
                    a2 += scale * Vector512.Load(x + 32);
                    a3 += scale * Vector512.Load(x + 48);
                }
                Vector512.StoreUnsafe(a0, ref row[i]);
                Vector512.StoreUnsafe(a1, ref row[i + 16]);
                Vector512.StoreUnsafe(a2, ref row[i + 32]);
                Vector512.StoreUnsafe(a3, ref row[i + 48]);
            }
            for (; i < inputs; i += 16)
            {
                i = Math.Min(i, inputs - 16);
                float* x = xTransposed + i;
                Vector512<float> a = Vector512.Create(g[0]) * Vector512.Load(x);
                for (int s = 1; s < count; s++)
                {
                    a += Vector512.Create(g[s]) * Vector512.Load(x + s * stride);
                }
                Vector512.StoreUnsafe(a, ref row[i]);
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
        float* x = xTransposed + s * stride;
        for (int o = 0; o < outputs; o++)
        {
            float* g = dy + o * L;
            float* row = weightGradient + (nint)o * inputs;
            Vector512<float> scale = Vector512.Create(g[s]);
            for (int i = 0; i < inputs; i += 16)
            {
                i = Math.Min(i, inputs - 16);
                Vector512.StoreUnsafe(scale * Vector512.Load(x + i), ref row[i]);
            }
            biasGradient[o] = g[s];
        }
    }
}
