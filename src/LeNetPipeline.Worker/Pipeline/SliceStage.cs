// Stage 4, Slice: gathers a batch's images into pooled slice buffers (augmenting training images), then holds
// the slices until the weights reach the batch's RequiredVersion: gathering runs ahead, compute never does.
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
    private readonly WeightStore _weights;
    private readonly BufferPool<byte> _pixels;
    private readonly BufferPool<byte> _labels;
    private readonly Action<int> _onEpochStart;
    private int _lastEpochStarted;

    public SliceStage(int sliceSize, ulong seed, int maxShift, WeightStore weights, Action<int> onEpochStart, int boundedCapacity, CancellationToken cancellation)
    {
        _trainSliceSize = sliceSize;
        // Evaluation has no gradients to keep apart, so it always uses slices of whole groups.
        _evaluateSliceSize = Math.Max(64, (sliceSize + 15) / 16 * 16);
        _seed = seed;
        _maxShift = maxShift;
        _weights = weights;
        _onEpochStart = onEpochStart;
        int largest = Math.Max(_trainSliceSize, _evaluateSliceSize);
        _pixels = new BufferPool<byte>(largest * ParameterLayout.ImagePixels);
        _labels = new BufferPool<byte>(largest);
        Block = new TransformManyBlock<Batch, Slice>(batch => SliceAsync(batch, cancellation), new ExecutionDataflowBlockOptions
        {
            BoundedCapacity = boundedCapacity,
            CancellationToken = cancellation,
        });
    }

    public TransformManyBlock<Batch, Slice> Block { get; }

    public void Return(Slice slice)
    {
        _pixels.Return(slice.Pixels);
        _labels.Return(slice.Labels);
    }

    private async Task<IEnumerable<Slice>> SliceAsync(Batch batch, CancellationToken cancellation)
    {
        int sliceSize = batch.Kind == BatchKind.Train ? _trainSliceSize : _evaluateSliceSize;
        int sliceCount = (batch.Count + sliceSize - 1) / sliceSize;
        SeededRandom? shifts = batch.Kind == BatchKind.Train && _maxShift > 0
            ? SeededRandom.ForStream(_seed, RandomStreams.Augment(batch.Epoch, batch.Index))
            : null;
        var slices = new Slice[sliceCount];
        for (int k = 0; k < sliceCount; k++)
        {
            int startInBatch = k * sliceSize;
            int count = Math.Min(sliceSize, batch.Count - startInBatch);
            byte[] pixels = _pixels.Rent();
            byte[] labels = _labels.Rent();
            for (int s = 0; s < count; s++)
            {
                int sample = batch.Order[batch.Start + startInBatch + s];
                Span<byte> target = pixels.AsSpan(s * ParameterLayout.ImagePixels, ParameterLayout.ImagePixels);
                if (shifts is null)
                {
                    batch.Source.Image(sample).CopyTo(target);
                }
                else
                {
                    ShiftAugmentation.CopyShifted(batch.Source.Image(sample), target, shifts, _maxShift);
                }
                labels[s] = batch.Source.Labels[sample];
            }
            slices[k] = new Slice(batch, k, sliceCount, startInBatch, count, pixels, labels);
        }

        await _weights.WaitForVersionAsync(batch.RequiredVersion, cancellation).ConfigureAwait(false);
        if (batch.Kind == BatchKind.Train && batch.Epoch != _lastEpochStarted)
        {
            _lastEpochStarted = batch.Epoch;
            _onEpochStart(batch.Epoch);
        }
        return slices;
    }
}
