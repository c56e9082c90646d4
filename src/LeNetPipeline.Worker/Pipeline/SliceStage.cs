// Stage 4, Slice: gathers a batch's images into pooled slices (augmenting training images). It runs ahead of
// the weights, bounded by the blocks' capacities; compute holds each slice at the version gate.
using System.Threading.Tasks.Dataflow;
using LeNetPipeline.Model;
using LeNetPipeline.Randomness;

namespace LeNetPipeline.Worker.Pipeline;

internal sealed class SliceStage
{
    private readonly int _trainSliceSize;
    private readonly int _evaluateSliceSize;
    private readonly ulong _seed;
    private readonly int _maxShift;
    private readonly ObjectPool<Slice> _slices;
    private readonly SeededRandom _shifts = new(0);
    // The slices of the batch being cut: Dataflow copies them out before the next batch comes in.
    private readonly List<Slice> _cut = [];
    private long _sequence;

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

    /// <summary>Takes back a slice whose results have been aggregated.</summary>
    public void Return(Slice slice) => _slices.Return(slice);

    private List<Slice> Cut(Batch batch)
    {
        int sliceSize = batch.Kind == BatchKind.Train ? _trainSliceSize : _evaluateSliceSize;
        int sliceCount = (batch.Count + sliceSize - 1) / sliceSize;
        SeededRandom? shifts = null;
        if (batch.Kind == BatchKind.Train && _maxShift > 0)
        {
            shifts = _shifts;
            shifts.RestartStream(_seed, RandomStreams.Augment(batch.Epoch, batch.Index));
        }
        _cut.Clear();
        for (int k = 0; k < sliceCount; k++)
        {
            int startInBatch = k * sliceSize;
            int count = Math.Min(sliceSize, batch.Count - startInBatch);
            Slice slice = _slices.Rent();
            slice.Assign(_sequence++, batch, k, sliceCount, startInBatch, count);
            for (int s = 0; s < count; s++)
            {
                int sample = batch.Order[batch.Start + startInBatch + s];
                Span<byte> target = slice.Pixels.AsSpan(s * ParameterLayout.ImagePixels, ParameterLayout.ImagePixels);
                if (shifts is null)
                {
                    batch.Source.Image(sample).CopyTo(target);
                }
                else
                {
                    ShiftAugmentation.CopyShifted(batch.Source.Image(sample), target, shifts, _maxShift);
                }
                slice.Labels[s] = batch.Source.Labels[sample];
            }
            _cut.Add(slice);
        }
        return _cut;
    }
}
