// Aggregator -> Optimizer: a computed batch with its losses summed, handed over on the same thread. Its gradient
// stays in the batch's slices until the optimizer asks the aggregator for it, range by range.
namespace LeNetPipeline.Worker.Pipeline;

/// <summary>A computed batch, its loss sum and its count of correct predictions, both in sample order.</summary>
/// <param name="InFlight">The batch's slices, until the optimizer releases them (after which it is reused).</param>
/// <param name="Batch">The batch, kept here: it must outlive the release of <paramref name="InFlight"/>.</param>
/// <param name="Sequence">The batch's place among the run's batches: the order in which the optimizer takes outcomes.</param>
internal readonly record struct BatchOutcome(BatchInFlight InFlight, Batch Batch, long Sequence, double LossSum, int Correct);
