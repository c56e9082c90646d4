// Batch -> Slice: a batch of the epoch, or a part of its evaluation. A value, so nothing is allocated per batch.
using LeNetPipeline.Data;

namespace LeNetPipeline.Worker.Pipeline;

/// <summary>
/// A batch of the epoch (or, for Evaluate, a part of the test set of at most BatchStage.EvaluationPart samples).
/// RequiredVersion is the number of optimizer updates its samples must see: compute of a train batch waits until
/// the update before it is applied. Order is the epoch's pooled order.
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
