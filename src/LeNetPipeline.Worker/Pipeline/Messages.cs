// The messages that flow between the pipeline's stages, in the order they flow.
// Each message is owned by one stage at a time; pooled buffers travel with it and go back to their pool downstream.
using LeNetPipeline.Data;
using LeNetPipeline.Model;

namespace LeNetPipeline.Worker.Pipeline;

/// <summary>Load -> Shuffle: one epoch to run (1-based), starting at batch FirstBatch (non-zero after a resume).</summary>
internal sealed record EpochWork(int Epoch, LabelledImages Train, LabelledImages Test, int FirstBatch)
{
    /// <summary>The test set's order (always 0..n-1), made once per run and shared by every epoch's evaluation.</summary>
    public required int[] TestOrder { get; init; }
}

/// <summary>Shuffle -> Batch: the epoch with its sample order.</summary>
internal sealed record EpochOrder(EpochWork Work, int[] Order);

internal enum BatchKind
{
    Train,
    Evaluate,
}

/// <summary>
/// Batch -> Slice: a batch of the epoch (or, for Evaluate, a part of the test set of at most
/// BatchStage.EvaluationPart samples). RequiredVersion is the number of
/// optimizer updates its samples must see: compute of a train batch waits until the update before it is applied.
/// A value (no allocation per batch); Order is the epoch's pooled order, given back once the epoch's last
/// training slice is aggregated.
/// </summary>
internal readonly record struct Batch(
    BatchKind Kind,
    int Epoch,
    int Index,
    int BatchesInEpoch,
    long RequiredVersion,
    LabelledImages Source,
    int[] Order,
    int Start,
    int Count)
{
    public bool IsLastTrainBatch => Kind == BatchKind.Train && Index == BatchesInEpoch - 1;

    /// <summary>The last part of an epoch's evaluation (the data loader refuses an empty test set).</summary>
    public bool IsLastEvaluationPart => Kind == BatchKind.Evaluate && Start + Count >= Source.Count;
}

/// <summary>
/// Slice -> Compute -> Aggregate: a run of consecutive samples of one batch. The slicer fills Pixels and Labels
/// (gathered and augmented); compute fills Losses, Predictions and the gradient contribution: one summed gradient
/// per whole group of 16 (GroupGradients), or one gradient per sample (SampleGradients) when the slice does not
/// cover whole groups. Slices are pooled, with every array sized once for the largest slice, so a steady-state
/// epoch allocates nothing per slice; the aggregator gives each slice back to the slicer's pool.
/// </summary>
internal sealed class Slice(int capacity)
{
    public Batch Batch { get; private set; }

    public int SliceIndex { get; private set; }

    public int SliceCount { get; private set; }

    /// <summary>The slice's place in the run, counted by the slicer: the order in which the aggregator sums.</summary>
    public long Sequence { get; private set; }

    /// <summary>Position of the slice's first sample within its batch; groups of 16 are aligned to the batch.</summary>
    public int StartInBatch { get; private set; }

    public int Count { get; private set; }

    public byte[] Pixels { get; } = new byte[capacity * ParameterLayout.ImagePixels];

    public byte[] Labels { get; } = new byte[capacity];

    public float[] Losses { get; } = new float[capacity];

    public byte[] Predictions { get; } = new byte[capacity];

    /// <summary>Pooled buffers of ParameterLayout.Count floats, one per whole group, in group order.</summary>
    public List<float[]> GroupGradients { get; } = [];

    /// <summary>Pooled buffers of up to 16 per-sample gradients each, in sample order.</summary>
    public List<float[]> SampleGradients { get; } = [];

    /// <summary>Makes this pooled slice the given part of a batch, with no results yet.</summary>
    public void Assign(long sequence, Batch batch, int sliceIndex, int sliceCount, int startInBatch, int count)
    {
        Sequence = sequence;
        Batch = batch;
        SliceIndex = sliceIndex;
        SliceCount = sliceCount;
        StartInBatch = startInBatch;
        Count = count;
        GroupGradients.Clear();
        SampleGradients.Clear();
    }
}

/// <summary>Aggregate -> Optimizer: a whole batch reduced in sample-index order.</summary>
/// <param name="GradientSum">Sum over the batch of per-sample gradients (null for evaluation); pooled, returned by the optimizer.</param>
internal readonly record struct BatchOutcome(Batch Batch, float[]? GradientSum, double LossSum, int Correct);
