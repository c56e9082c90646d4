// The messages that flow between the pipeline's stages, in the order they flow.
// Each message is owned by one stage at a time; pooled buffers travel with it and go back to their pool downstream.
using LeNetPipeline.Data;

namespace LeNetPipeline.Worker.Pipeline;

/// <summary>Load -> Shuffle: one epoch to run (1-based), starting at batch FirstBatch (non-zero after a resume).</summary>
internal sealed record EpochWork(int Epoch, LabelledImages Train, LabelledImages Test, int FirstBatch);

/// <summary>Shuffle -> Batch: the epoch with its sample order.</summary>
internal sealed record EpochOrder(EpochWork Work, int[] Order);

internal enum BatchKind
{
    Train,
    Evaluate,
}

/// <summary>
/// Batch -> Slice: a batch of the epoch (or, for Evaluate, the whole test set). RequiredVersion is the number of
/// optimizer updates its samples must see: compute of a train batch waits until the update before it is applied.
/// </summary>
internal sealed record Batch(
    BatchKind Kind,
    int Epoch,
    int Index,
    int BatchesInEpoch,
    long RequiredVersion,
    LabelledImages Source,
    int[] Order,
    int Start,
    int Count);

/// <summary>Slice -> Compute: a run of consecutive samples of one batch, pixels gathered (and augmented) into Pixels.</summary>
internal sealed class Slice(Batch batch, int sliceIndex, int sliceCount, int startInBatch, int count, byte[] pixels, byte[] labels)
{
    public Batch Batch { get; } = batch;

    public int SliceIndex { get; } = sliceIndex;

    public int SliceCount { get; } = sliceCount;

    /// <summary>Position of the slice's first sample within its batch; groups of 16 are aligned to the batch.</summary>
    public int StartInBatch { get; } = startInBatch;

    public int Count { get; } = count;

    public byte[] Pixels { get; } = pixels;

    public byte[] Labels { get; } = labels;
}

/// <summary>
/// Compute -> Aggregate: per-sample losses and predictions, and the slice's gradient contribution: either one
/// summed gradient per whole group of 16 (GroupGradients), or one gradient per sample (SampleGradients) when the
/// slice does not cover whole groups. Both are pooled buffers of ParameterLayout.Count floats.
/// </summary>
internal sealed class SliceResult(Slice slice, float[] losses, byte[] predictions, List<float[]> groupGradients, List<float[]> sampleGradients)
{
    public Slice Slice { get; } = slice;

    public float[] Losses { get; } = losses;

    public byte[] Predictions { get; } = predictions;

    public List<float[]> GroupGradients { get; } = groupGradients;

    public List<float[]> SampleGradients { get; } = sampleGradients;
}

/// <summary>Aggregate -> Optimizer: a whole batch reduced in sample-index order.</summary>
internal sealed class BatchOutcome(Batch batch, float[]? gradientSum, double lossSum, int correct)
{
    public Batch Batch { get; } = batch;

    /// <summary>Sum over the batch of per-sample gradients (null for evaluation); pooled, returned by the optimizer.</summary>
    public float[]? GradientSum { get; } = gradientSum;

    public double LossSum { get; } = lossSum;

    public int Correct { get; } = correct;
}
