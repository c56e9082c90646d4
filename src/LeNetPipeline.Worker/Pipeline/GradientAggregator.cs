// Stage 6, Aggregate: sums each batch's gradients in an order fixed by sample index (DESIGN contract 2):
// per group of 16, g_0 + g_1 + ... sequentially; then the group sums in group order. Compute already did the
// first step for whole groups; slices that split groups are completed here with the very same additions.
using System.Numerics.Tensors;
using System.Threading.Tasks.Dataflow;
using LeNetPipeline.Model;
using LeNetPipeline.Model.Kernels;

namespace LeNetPipeline.Worker.Pipeline;

internal sealed class GradientAggregator
{
    private const int Group = SampleGroupKernel.GroupSize;
    private readonly GradientBuffers _gradients;
    private readonly Action<Slice> _returnSlice;
    private readonly Action<int[]> _returnOrder;
    // The one-element result of a batch's last slice: Dataflow copies it out before the next call.
    private readonly BatchOutcome[] _finished = new BatchOutcome[1];
    private float[]? _sum;
    private readonly float[] _groupSum = new float[ParameterLayout.Count];
    private double _lossSum;
    private int _correct;

    /// <param name="returnOrder">Where an epoch's order goes back once its last training slice is summed: nothing reads it after.</param>
    public GradientAggregator(GradientBuffers gradients, Action<Slice> returnSlice, Action<int[]> returnOrder, int boundedCapacity, CancellationToken cancellation)
    {
        _gradients = gradients;
        _returnSlice = returnSlice;
        _returnOrder = returnOrder;
        Block = new TransformManyBlock<Slice, BatchOutcome>(Add, new ExecutionDataflowBlockOptions
        {
            BoundedCapacity = boundedCapacity,
            CancellationToken = cancellation,
        });
    }

    public TransformManyBlock<Slice, BatchOutcome> Block { get; }

    private IEnumerable<BatchOutcome> Add(Slice slice)
    {
        Batch batch = slice.Batch;
        if (slice.SliceIndex == 0)
        {
            _lossSum = 0;
            _correct = 0;
            if (batch.Kind == BatchKind.Train)
            {
                _sum = _gradients.Group.Rent();
                Array.Clear(_sum);
            }
        }
        for (int s = 0; s < slice.Count; s++)
        {
            _lossSum += slice.Losses[s];
            _correct += slice.Predictions[s] == slice.Labels[s] ? 1 : 0;
        }
        if (batch.Kind == BatchKind.Train)
        {
            float[] sum = _sum ?? throw new InvalidOperationException($"slice {slice.SliceIndex} of batch {batch.Index} arrived before slice 0");
            foreach (float[] groupGradient in slice.GroupGradients)
            {
                TensorPrimitives.Add(sum, groupGradient, sum);
                _gradients.Group.Return(groupGradient);
            }
            AddSampleGradients(slice, sum);
        }
        bool lastOfBatch = slice.SliceIndex == slice.SliceCount - 1;
        _returnSlice(slice);
        if (!lastOfBatch)
        {
            return [];
        }
        if (batch.IsLastTrainBatch)
        {
            _returnOrder(batch.Order);
        }
        float[]? batchSum = _sum;
        _sum = null;
        _finished[0] = new BatchOutcome(batch, batchSum, _lossSum, _correct);
        return _finished;
    }

    private void AddSampleGradients(Slice slice, float[] sum)
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
                    gradient.CopyTo(_groupSum);
                }
                else
                {
                    TensorPrimitives.Add(_groupSum, gradient, _groupSum);
                }
                if ((position + 1) % Group == 0 || position + 1 == slice.Batch.Count)
                {
                    TensorPrimitives.Add(sum, _groupSum, sum);
                }
            }
            _gradients.Samples.Return(chunk);
        }
    }
}
