// Aggregator -> Optimizer: a whole batch reduced in sample-index order, handed over on the same thread.
namespace LeNetPipeline.Worker.Pipeline;

/// <summary>A whole batch reduced in sample-index order.</summary>
/// <param name="GradientSum">Sum over the batch of per-sample gradients (null for evaluation); pooled, returned by the optimizer.</param>
/// <param name="Sequence">The batch's place among the run's batches: the order in which the optimizer takes outcomes.</param>
internal readonly record struct BatchOutcome(Batch Batch, float[]? GradientSum, double LossSum, int Correct, long Sequence);
