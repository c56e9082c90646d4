// Stage 4, Slice: gathers a batch's images into pooled slices (EpochSchedule.Gather, shifted for training) tied to
// one pooled BatchInFlight, which it queues whole. It runs ahead of the weights, bounded; the workers take the
// slices in order (SliceQueue).
using System.Threading.Tasks.Dataflow;
using LeNetPipeline.Model.Kernels;
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
    private readonly ObjectPool<float[]> _gradientBuffers;
    private readonly SeededRandom _shifts = new(0);
    private long _batchSequence;

    /// <param name="gradientBuffers">The pool a batch's gradient sum rents from as compute finishes its groups.</param>
    public SliceStage(int sliceSize, ulong seed, int maxShift, ObjectPool<float[]> gradientBuffers, int boundedCapacity, CancellationToken cancellation)
    {
        _trainSliceSize = sliceSize;
        // Evaluation has no gradients to keep apart, so it always uses slices of whole groups.
        _evaluateSliceSize = Math.Max(64, (sliceSize + 15) / 16 * 16);
        _seed = seed;
        _maxShift = maxShift;
        // One pool for both kinds, sized for the larger: evaluation reuses the slices training gave back.
        int largest = Math.Max(_trainSliceSize, _evaluateSliceSize);
        _slices = new ObjectPool<Slice>(() => new Slice(largest));
        _gradientBuffers = gradientBuffers;
        Block = new TransformBlock<Batch, BatchInFlight>(Cut, new ExecutionDataflowBlockOptions
        {
            BoundedCapacity = boundedCapacity,
            CancellationToken = cancellation,
        });
    }

    public TransformBlock<Batch, BatchInFlight> Block { get; }

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

    private BatchInFlight Cut(Batch batch)
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
        for (int k = 0; k < sliceCount; k++)
        {
            int startInBatch = k * sliceSize;
            int count = Math.Min(sliceSize, batch.Count - startInBatch);
            Slice slice = _slices.Rent();
            slice.Assign(inFlight, k, sliceCount, startInBatch, count);
            ReadOnlySpan<int> samples = batch.Order.AsSpan(batch.Start + startInBatch, count);
            if (shifts is null && AreConsecutive(samples))
            {
                slice.ReadInPlace(batch.Source, samples[0]);
            }
            else
            {
                EpochSchedule.Gather(batch.Source, samples, slice.Pixels, slice.Labels, shifts, _maxShift);
            }
            inFlight.Slices.Add(slice);
        }
        // Slices of whole groups only (every slice starts and ends on a group boundary or at the batch's end): each
        // group's gradient can be added to the batch's sum on its own, as it comes.
        const int group = SampleGroupKernel.GroupSize;
        bool wholeGroups = batch.Kind == BatchKind.Train && (sliceSize % group == 0 || sliceCount == 1);
        inFlight.Seal(wholeGroups, (batch.Count + group - 1) / group, _gradientBuffers);
        return inFlight;
    }

    // Samples that follow one another in the source (evaluation's order, or training without shuffling) are read
    // where they are: a copy would cost the slicer's time on a busy core, and compute reads them cold either way.
    private static bool AreConsecutive(ReadOnlySpan<int> samples)
    {
        for (int s = 1; s < samples.Length; s++)
        {
            if (samples[s] != samples[0] + s)
            {
                return false;
            }
        }
        return true;
    }
}
