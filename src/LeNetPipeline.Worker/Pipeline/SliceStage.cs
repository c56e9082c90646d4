// Stage 4, Slice: gathers a batch's images into pooled slices (EpochSchedule.Gather, shifted for training) tied to
// one pooled BatchInFlight. It runs ahead of the weights, bounded; the workers take from its queue in order.
using System.Threading.Tasks.Dataflow;
using LeNetPipeline.Randomness;
using LeNetPipeline.Training;

namespace LeNetPipeline.Worker.Pipeline;

internal sealed class SliceStage
{
    private readonly int _trainSliceSize;
    private readonly int _evaluateSliceSize;
    private readonly ulong _seed;
    private readonly int _maxShift;
    private readonly ObjectPool<Slice> _slices;
    private readonly ObjectPool<BatchInFlight> _batches = new(() => new BatchInFlight());
    private readonly SeededRandom _shifts = new(0);
    // What a cut hands to Dataflow, which copies it out before the next batch comes in. Not the batch's own list:
    // that one is cleared once the batch is summed, which may happen while Dataflow still steps through its output.
    private readonly List<Slice> _cut = [];
    private long _batchSequence;

    public SliceStage(int sliceSize, ulong seed, int maxShift, int boundedCapacity, CancellationToken cancellation)
    {
        _trainSliceSize = sliceSize;
        // Evaluation has no gradients to keep apart, so it always uses slices of whole groups.
        _evaluateSliceSize = Math.Max(64, (sliceSize + 15) / 16 * 16);
        _seed = seed;
        _maxShift = maxShift;
        int largest = Math.Max(_trainSliceSize, _evaluateSliceSize);
        _slices = new ObjectPool<Slice>(() => new Slice(largest));
        Block = new TransformManyBlock<Batch, Slice>(Cut, new ExecutionDataflowBlockOptions
        {
            BoundedCapacity = boundedCapacity,
            CancellationToken = cancellation,
        });
    }

    public TransformManyBlock<Batch, Slice> Block { get; }

    /// <summary>Takes back a batch whose slices have all been summed, with its slices.</summary>
    public void Return(BatchInFlight batch)
    {
        foreach (Slice slice in batch.Slices)
        {
            _slices.Return(slice);
        }
        batch.Slices.Clear();
        _batches.Return(batch);
    }

    private List<Slice> Cut(Batch batch)
    {
        int sliceSize = batch.Kind == BatchKind.Train ? _trainSliceSize : _evaluateSliceSize;
        int sliceCount = (batch.Count + sliceSize - 1) / sliceSize;
        SeededRandom? shifts = null;
        if (batch.Kind == BatchKind.Train && _maxShift > 0)
        {
            shifts = _shifts;
            EpochSchedule.RestartShifts(shifts, _seed, batch.Epoch, batch.Index);
        }
        BatchInFlight inFlight = _batches.Rent();
        inFlight.Assign(batch, _batchSequence++);
        _cut.Clear();
        for (int k = 0; k < sliceCount; k++)
        {
            int startInBatch = k * sliceSize;
            int count = Math.Min(sliceSize, batch.Count - startInBatch);
            Slice slice = _slices.Rent();
            slice.Assign(inFlight, k, sliceCount, startInBatch, count);
            EpochSchedule.Gather(batch.Source, batch.Order.AsSpan(batch.Start + startInBatch, count), slice.Pixels, slice.Labels, shifts, _maxShift);
            inFlight.Slices.Add(slice);
            _cut.Add(slice);
        }
        inFlight.Seal();
        return _cut;
    }
}
