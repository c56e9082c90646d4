// Aggregate: sums a batch's gradients in an order fixed by sample index (docs/architecture.md, The same bits for
// any parallelism): per group of 16, g_0 + g_1 + ... sequentially; then the group sums in group order onto zeros.
// Compute already did the first step for whole groups; slices that split groups are completed here with the very
// same additions. It runs on the worker that finished the batch's last slice, once every slice is there, so the
// order is the slices' order whatever order they finished in. It keeps no state between calls: two batches (an
// evaluation part and a training batch) may be summed at once.
using System.Numerics.Tensors;
using LeNetPipeline.Model;
using LeNetPipeline.Model.Kernels;

namespace LeNetPipeline.Worker.Pipeline;

internal sealed class GradientAggregator
{
    private const int Group = SampleGroupKernel.GroupSize;
    private readonly GradientBuffers _gradients;
    private readonly Action<BatchInFlight> _returnBatch;
    private readonly Action<int[]> _returnOrder;

    /// <param name="returnBatch">Where a summed batch goes back with its slices: the slicer's pools.</param>
    /// <param name="returnOrder">Where an epoch's order goes back once its last training batch is summed: nothing reads it after.</param>
    public GradientAggregator(GradientBuffers gradients, Action<BatchInFlight> returnBatch, Action<int[]> returnOrder)
    {
        _gradients = gradients;
        _returnBatch = returnBatch;
        _returnOrder = returnOrder;
    }

    /// <summary>Reduces a batch whose slices are all computed, and gives its slices back.</summary>
    public BatchOutcome Sum(BatchInFlight inFlight)
    {
        Batch batch = inFlight.Batch;
        double lossSum = 0;
        int correct = 0;
        float[]? sum = null;
        float[]? groupSum = null;
        if (batch.Kind == BatchKind.Train)
        {
            sum = _gradients.Group.Rent();
            Array.Clear(sum);
        }
        foreach (Slice slice in inFlight.Slices)
        {
            for (int s = 0; s < slice.Count; s++)
            {
                lossSum += slice.Losses[s];
                correct += slice.Predictions[s] == slice.Labels[s] ? 1 : 0;
            }
            if (sum is null)
            {
                continue;
            }
            foreach (float[] groupGradient in slice.GroupGradients)
            {
                TensorPrimitives.Add(sum, groupGradient, sum);
                _gradients.Group.Return(groupGradient);
            }
            if (slice.SampleGradients.Count > 0)
            {
                groupSum ??= _gradients.Group.Rent();
                AddSampleGradients(slice, sum, groupSum);
            }
        }
        if (groupSum is not null)
        {
            _gradients.Group.Return(groupSum);
        }
        if (batch.IsLastTrainBatch)
        {
            _returnOrder(batch.Order);
        }
        var outcome = new BatchOutcome(batch, sum, lossSum, correct, inFlight.Sequence);
        _returnBatch(inFlight);
        return outcome;
    }

    // A group split across slices is carried over from one slice to the next in groupSum.
    private void AddSampleGradients(Slice slice, float[] sum, float[] groupSum)
    {
        int position = slice.StartInBatch;
        foreach (float[] chunk in slice.SampleGradients)
        {
            int inChunk = Math.Min(Group, slice.StartInBatch + slice.Count - position);
            for (int s = 0; s < inChunk; s++, position++)
            {
                ReadOnlySpan<float> gradient = chunk.AsSpan(s * ParameterLayout.Count, ParameterLayout.Count);
                if (position % Group == 0)
                {
                    gradient.CopyTo(groupSum);
                }
                else
                {
                    TensorPrimitives.Add(groupSum, gradient, groupSum);
                }
                if ((position + 1) % Group == 0 || position + 1 == slice.Batch.Count)
                {
                    TensorPrimitives.Add(sum, groupSum, sum);
                }
            }
            _gradients.Samples.Return(chunk);
        }
    }
}
