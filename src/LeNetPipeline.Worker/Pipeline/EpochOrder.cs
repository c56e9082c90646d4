// Shuffle -> Batch: the epoch with its sample order. The order is pooled: it goes back to the shuffle stage once
// the epoch's last training batch is summed, and nothing reads it after.
namespace LeNetPipeline.Worker.Pipeline;

/// <summary>The epoch with its sample order.</summary>
internal sealed record EpochOrder(EpochWork Work, int[] Order);
