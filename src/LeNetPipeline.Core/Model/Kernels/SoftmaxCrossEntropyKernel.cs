// Softmax + cross-entropy (natural log) of the 10 logits, per lane: losses, argmax predictions, and dL/dlogits.
// Invariant: all lane-wise; the loss is log-sum-exp minus the label's shifted logit, which never takes log(0).
using System.Runtime.Intrinsics;

namespace LeNetPipeline.Model.Kernels;

internal static unsafe class SoftmaxCrossEntropyKernel
{
    private const int L = LaneWorkspace.Lanes;
    private const int Classes = ParameterLayout.Classes;

    /// <summary>
    /// Writes losses and predictions of lanes below count and, unless logitGradient is null, softmax - onehot.
    /// Inactive lanes take label 0; their values are computed (finite) and never read.
    /// </summary>
    public static void Apply(float* logits, byte* labels, int count, float* losses, byte* predictions, float* logitGradient)
    {
        float* labelLanes = stackalloc float[L];
        for (int s = 0; s < L; s++)
        {
            labelLanes[s] = s < count ? labels[s] : 0f;
        }
        Vector512<float> label = Vector512.Load(labelLanes);

        // First maximum wins, as in a scalar argmax.
        Vector512<float> max = Vector512.Load(logits);
        Vector512<float> best = Vector512<float>.Zero;
        for (int k = 1; k < Classes; k++)
        {
            Vector512<float> z = Vector512.Load(logits + k * L);
            Vector512<float> greater = Vector512.GreaterThan(z, max);
            max = Vector512.ConditionalSelect(greater, z, max);
            best = Vector512.ConditionalSelect(greater, Vector512.Create((float)k), best);
        }

        Vector512<float> sum = Vector512<float>.Zero;
        Vector512<float> labelLogit = Vector512<float>.Zero;
        for (int k = 0; k < Classes; k++)
        {
            Vector512<float> shifted = Vector512.Load(logits + k * L) - max;
            sum += Vector512.Exp(shifted);
            labelLogit = Vector512.ConditionalSelect(Vector512.Equals(label, Vector512.Create((float)k)), shifted, labelLogit);
        }
        Vector512<float> loss = Vector512.Log(sum) - labelLogit;

        for (int s = 0; s < count; s++)
        {
            losses[s] = loss.GetElement(s);
            predictions[s] = (byte)best.GetElement(s);
        }

        if (logitGradient != null)
        {
            for (int k = 0; k < Classes; k++)
            {
                Vector512<float> probability = Vector512.Exp(Vector512.Load(logits + k * L) - max) / sum;
                Vector512<float> onehot = Vector512.ConditionalSelect(Vector512.Equals(label, Vector512.Create((float)k)),
                    Vector512<float>.One, Vector512<float>.Zero);
                (probability - onehot).Store(logitGradient + k * L);
            }
        }
    }
}
