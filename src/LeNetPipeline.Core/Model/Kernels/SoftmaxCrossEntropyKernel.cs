// Softmax + cross-entropy (natural log) of the K logits, per lane: losses, argmax predictions, dL/dlogits.
// Invariant: all lane-wise; the loss is log-sum-exp minus the label's shifted logit, which never takes log(0).
namespace LeNetPipeline.Model.Kernels;

internal static unsafe class SoftmaxCrossEntropyKernel<TV, TO>
    where TV : unmanaged
    where TO : ILaneOps<TV>
{
    private const int L = LaneWorkspace.Lanes;

    /// <summary>
    /// From logits (<paramref name="classes"/> pixels) and labels (one pixel, the class as a float): losses and predictions (one pixel
    /// each, the prediction as a float) and, unless logitGradient is null, softmax - onehot (<paramref name="classes"/> pixels).
    /// </summary>
    public static void Apply(int classes, float* logits, float* labels, float* losses, float* predictions, float* logitGradient)
    {
        TV label = TO.Load(labels);

        // First maximum wins, as in a scalar argmax.
        TV max = TO.Load(logits);
        TV best = default;
        for (int k = 1; k < classes; k++)
        {
            TV z = TO.Load(logits + k * L);
            best = TO.SelectGreater(z, max, TO.Broadcast(k), best);
            max = TO.SelectGreater(z, max, z, max);
        }

        TV sum = default;
        TV labelLogit = default;
        for (int k = 0; k < classes; k++)
        {
            TV shifted = TO.Subtract(TO.Load(logits + k * L), max);
            sum = TO.Add(sum, TO.Exp(shifted));
            labelLogit = TO.SelectEqual(label, TO.Broadcast(k), shifted, labelLogit);
        }
        TO.Store(TO.Subtract(TO.Log(sum), labelLogit), losses);
        TO.Store(best, predictions);

        if (logitGradient != null)
        {
            for (int k = 0; k < classes; k++)
            {
                TV probability = TO.Divide(TO.Exp(TO.Subtract(TO.Load(logits + k * L), max)), sum);
                TV onehot = TO.SelectEqual(label, TO.Broadcast(k), TO.Broadcast(1f), default);
                TO.Store(TO.Subtract(probability, onehot), logitGradient + k * L);
            }
        }
    }
}
