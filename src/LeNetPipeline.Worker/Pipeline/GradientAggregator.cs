// Aggregate: reduces a finished batch in an order fixed by sample index, whatever order its slices finished in
// (docs/architecture.md, The same bits for any parallelism). Slices of whole groups were already summed as they
// came (GroupGradientSum); other slices are summed here. Every addition is element-wise, so a range of the
// gradient sums to the bits of a whole pass; it keeps no state between calls.
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

    /// <param name="returnBatch">Where a released batch goes back with its slices: the slicer's pools.</param>
    /// <param name="returnOrder">Where an epoch's order goes back once its last training batch is released: nothing reads it after.</param>
    public GradientAggregator(GradientBuffers gradients, Action<BatchInFlight> returnBatch, Action<int[]> returnOrder)
    {
        _gradients = gradients;
        _returnBatch = returnBatch;
        _returnOrder = returnOrder;
    }

    /// <summary>Sums the losses and counts the correct predictions of a batch whose slices are all computed.</summary>
    public BatchOutcome Sum(BatchInFlight inFlight)
    {
        double lossSum = 0;
        int correct = 0;
        foreach (Slice slice in inFlight.Slices)
        {
            ReadOnlySpan<byte> labels = slice.ImageLabels.Span;
            for (int s = 0; s < slice.Count; s++)
            {
                lossSum += slice.Losses[s];
                correct += slice.Predictions[s] == labels[s] ? 1 : 0;
            }
        }
        return new BatchOutcome(inFlight, inFlight.Batch, inFlight.Sequence, lossSum, correct);
    }

    /// <summary>
    /// The batch's gradient sum, at least over the parameters [start, start + length): the running sum when compute
    /// summed the groups as they came, else that range summed now into the same range of <paramref name="sum"/>.
    /// </summary>
    public float[] SumGradients(BatchInFlight inFlight, float[] sum, int start, int length)
    {
        if (inFlight.SumsGroupsAsComputed)
        {
            return inFlight.GroupSum.Total();
        }
        Span<float> total = sum.AsSpan(start, length);
        total.Clear();
        float[]? groupSum = null;
        foreach (Slice slice in inFlight.Slices)
        {
            foreach (float[] groupGradient in slice.GroupGradients)
            {
                TensorPrimitives.Add(total, groupGradient.AsSpan(start, length), total);
            }
            if (slice.SampleGradients.Count > 0)
            {
                groupSum ??= _gradients.Group.Rent();
                AddSampleGradients(slice, total, groupSum.AsSpan(start, length), start, _gradients.ParameterCount);
            }
        }
        if (groupSum is not null)
        {
            _gradients.Group.Return(groupSum);
        }
        return sum;
    }

    /// <summary>Gives back everything the batch holds: its gradient buffers, its slices, and the epoch's order after its last training batch.</summary>
    public void Release(BatchInFlight inFlight)
    {
        inFlight.GroupSum.Release();
        foreach (Slice slice in inFlight.Slices)
        {
            foreach (float[] groupGradient in slice.GroupGradients)
            {
                _gradients.Group.Return(groupGradient);
            }
            foreach (float[] chunk in slice.SampleGradients)
            {
                _gradients.Samples.Return(chunk);
            }
        }
        if (inFlight.Batch.IsLastTrainBatch)
        {
            _returnOrder(inFlight.Batch.Order);
        }
        _returnBatch(inFlight);
    }

    // A group split across slices is carried over from one slice to the next in groupSum.
    private static void AddSampleGradients(Slice slice, Span<float> total, Span<float> groupSum, int start, int parameterCount)
    {
        int position = slice.StartInBatch;
        foreach (float[] chunk in slice.SampleGradients)
        {
            int inChunk = Math.Min(Group, slice.StartInBatch + slice.Count - position);
            for (int s = 0; s < inChunk; s++, position++)
            {
                ReadOnlySpan<float> gradient = chunk.AsSpan(s * parameterCount + start, groupSum.Length);
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
                    TensorPrimitives.Add(total, groupSum, total);
                }
            }
        }
    }
}
