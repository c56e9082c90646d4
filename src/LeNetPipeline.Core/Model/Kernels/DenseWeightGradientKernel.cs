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
    /// inputs must be at least 16: the last block of 16 overlaps the previous one rather than running past the row.
    /// </summary>
    public static void SumOverSamples(float* dy, float* xTransposed, int stride, int inputs, int outputs, int count,
        float* weightGradient, float* biasGradient)
    {
        for (int o = 0; o < outputs; o++)
        {
            float* g = dy + o * L;
            float* row = weightGradient + (nint)o * inputs;
            for (int i = 0; ; i += 16)
            {
                i = Math.Min(i, inputs - 16);
                float* x = xTransposed + i;
                Vector512<float> acc = Vector512.Create(g[0]) * Vector512.Load(x);
                for (int s = 1; s < count; s++)
                {
                    acc += Vector512.Create(g[s]) * Vector512.Load(x + s * stride);
                }
                acc.Store(row + i);
                if (i == inputs - 16)
                {
                    break;
                }
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
            for (int i = 0; ; i += 16)
            {
                i = Math.Min(i, inputs - 16);
                (scale * Vector512.Load(x + i)).Store(row + i);
                if (i == inputs - 16)
                {
                    break;
                }
            }
            biasGradient[o] = g[s];
        }
    }
}
