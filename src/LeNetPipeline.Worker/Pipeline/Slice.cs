// Slice -> Compute -> Aggregate: a run of consecutive samples of one batch, and the compute results for them.
// Pooled, with every array sized once for the slices of its kind, so a steady-state epoch allocates nothing per
// slice. The arrays live as long as the run and go on the pinned heap, which no ephemeral collection counts or
// copies: the pools fill during the first epoch without setting off collections that move them.
using LeNetPipeline.Data;
using LeNetPipeline.Model;

namespace LeNetPipeline.Worker.Pipeline;

/// <summary>
/// The slicer fills Pixels and Labels (gathered and augmented); compute fills Losses, Predictions and the gradient
/// contribution: one summed gradient per whole group of 16 (GroupGradients), or one gradient per sample
/// (SampleGradients) when the slice does not cover whole groups. The aggregator gives it back to the slicer's pool.
/// </summary>
internal sealed class Slice(int capacity)
{
    public Batch Batch => InFlight.Batch;

    /// <summary>The batch this slice belongs to, with its sibling slices.</summary>
    public BatchInFlight InFlight { get; private set; } = null!;

    public int SliceIndex { get; private set; }

    public int SliceCount { get; private set; }

    /// <summary>Position of the slice's first sample within its batch; groups of 16 are aligned to the batch.</summary>
    public int StartInBatch { get; private set; }

    public int Count { get; private set; }

    /// <summary>The slice's own buffer for gathered images, 784 bytes each.</summary>
    public byte[] Pixels { get; } = GC.AllocateArray<byte>(capacity * ParameterLayout.ImagePixels, pinned: true);

    /// <summary>The slice's own buffer for the gathered images' labels.</summary>
    public byte[] Labels { get; } = GC.AllocateArray<byte>(capacity, pinned: true);

    /// <summary>
    /// What compute reads: Pixels, or, when the samples lie one after another in the source unshifted (always so
    /// for evaluation), the source's own images, which then need no copy.
    /// </summary>
    public ReadOnlyMemory<byte> Images { get; private set; }

    /// <summary>The labels of Images, in the same order.</summary>
    public ReadOnlyMemory<byte> ImageLabels { get; private set; }

    public float[] Losses { get; } = GC.AllocateArray<float>(capacity, pinned: true);

    public byte[] Predictions { get; } = GC.AllocateArray<byte>(capacity, pinned: true);

    /// <summary>Pooled buffers of one parameter vector each, one per whole group, in group order.</summary>
    public List<float[]> GroupGradients { get; } = [];

    /// <summary>Pooled buffers of up to 16 per-sample gradients each, in sample order.</summary>
    public List<float[]> SampleGradients { get; } = [];

    /// <summary>Makes this pooled slice the given part of a batch, with no results yet.</summary>
    public void Assign(BatchInFlight inFlight, int sliceIndex, int sliceCount, int startInBatch, int count)
    {
        InFlight = inFlight;
        SliceIndex = sliceIndex;
        SliceCount = sliceCount;
        StartInBatch = startInBatch;
        Count = count;
        GroupGradients.Clear();
        SampleGradients.Clear();
        Images = Pixels.AsMemory(0, count * ParameterLayout.ImagePixels);
        ImageLabels = Labels.AsMemory(0, count);
    }

    /// <summary>Reads the samples [first, first + Count) of <paramref name="source"/> where they are, instead of gathered copies.</summary>
    public void ReadInPlace(LabelledImages source, int first)
    {
        Images = source.Pixels.AsMemory(first * ParameterLayout.ImagePixels, Count * ParameterLayout.ImagePixels);
        ImageLabels = source.Labels.AsMemory(first, Count);
    }
}
