// Stage 6, Aggregate: sums each batch's gradients in an order fixed by sample index (DESIGN contract 2):
// per group of 16, g_0 + g_1 + ... sequentially; then the group sums in group order. Compute already did the
// first step for whole groups; slices that split groups are completed here with the very same additions.
// Slices arrive in the order compute finishes them; those that come early wait (by the slicer's sequence
// number) until every slice before them has been summed.
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
    private readonly CancellationToken _cancellation;
    // The batches a delivery completed: Dataflow copies them out before the next call.
    private readonly List<BatchOutcome> _finished = [];
    private readonly PriorityQueue<Slice, long> _early = new();
    private long _nextSequence;
    private float[]? _sum;
    private readonly float[] _groupSum;
    private double _lossSum;
    private int _correct;

    /// <param name="returnOrder">Where an epoch's order goes back once its last training slice is summed: nothing reads it after.</param>
    public GradientAggregator(GradientBuffers gradients, Action<Slice> returnSlice, Action<int[]> returnOrder, int boundedCapacity, CancellationToken cancellation)
    {
        _gradients = gradients;
        _groupSum = new float[gradients.ParameterCount];
        _returnSlice = returnSlice;
        _returnOrder = returnOrder;
        _cancellation = cancellation;
        Block = new TransformManyBlock<Slice, BatchOutcome>(Arrive, new ExecutionDataflowBlockOptions
        {
            BoundedCapacity = boundedCapacity,
            CancellationToken = cancellation,
        });
    }

    public TransformManyBlock<Slice, BatchOutcome> Block { get; }

    /// <summary>Hands a computed slice to the aggregator, waiting while its bounded queue is full.</summary>
    public void Deliver(Slice slice)
    {
        if (Block.Post(slice))
        {
            return;
        }
        if (!Block.SendAsync(slice, _cancellation).GetAwaiter().GetResult())
        {
            _cancellation.ThrowIfCancellationRequested();
            throw new InvalidOperationException($"the aggregator no longer accepts slices (slice {slice.SliceIndex} of batch {slice.Batch.Index})");
        }
    }

    private List<BatchOutcome> Arrive(Slice slice)
    {
        _finished.Clear();
        _early.Enqueue(slice, slice.Sequence);
        while (_early.TryPeek(out Slice? next, out long sequence) && sequence == _nextSequence)
        {
            _early.Dequeue();
            _nextSequence++;
            Add(next);
        }
        return _finished;
    }

    private void Add(Slice slice)
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
            return;
        }
        if (batch.IsLastTrainBatch)
        {
            _returnOrder(batch.Order);
        }
        float[]? batchSum = _sum;
        _sum = null;
        _finished.Add(new BatchOutcome(batch, batchSum, _lossSum, _correct));
    }

    private void AddSampleGradients(Slice slice, float[] sum)
    {
        int position = slice.StartInBatch;
        foreach (float[] chunk in slice.SampleGradients)
        {
            int inChunk = Math.Min(Group, slice.StartInBatch + slice.Count - position);
            for (int s = 0; s < inChunk; s++, position++)
            {
                ReadOnlySpan<float> gradient = chunk.AsSpan(s * _groupSum.Length, _groupSum.Length);
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
