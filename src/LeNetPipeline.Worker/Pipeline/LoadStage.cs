// Stage 1, Load: reads the data set once (through the fetch chain) and emits one EpochWork per epoch to run.
// Epochs are emitted lazily, so with bounded capacity the loader runs at most a few epochs ahead.
using System.Threading.Tasks.Dataflow;
using LeNetPipeline.Data;

namespace LeNetPipeline.Worker.Pipeline;

/// <summary>What a run trains: the data loader and the span of epochs, from (FirstEpoch, FirstBatch) to LastEpoch.</summary>
internal sealed record RunPlan(
    Func<CancellationToken, Task<(LabelledImages Train, LabelledImages Test)>> LoadData,
    int FirstEpoch,
    int FirstBatch,
    int LastEpoch);

internal static class LoadStage
{
    /// <param name="loadCancellation">Cancels reading the data (a stop request before training starts).</param>
    public static TransformManyBlock<RunPlan, EpochWork> Create(int boundedCapacity, CancellationToken loadCancellation, CancellationToken cancellation) =>
        new(plan => LoadAsync(plan, loadCancellation), new ExecutionDataflowBlockOptions
        {
            BoundedCapacity = boundedCapacity,
            CancellationToken = cancellation,
        });

    private static async IAsyncEnumerable<EpochWork> LoadAsync(RunPlan plan, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        (LabelledImages train, LabelledImages test) = await plan.LoadData(cancellation).ConfigureAwait(false);
        int[] testOrder = [.. Enumerable.Range(0, test.Count)];
        for (int epoch = plan.FirstEpoch; epoch <= plan.LastEpoch; epoch++)
        {
            yield return new EpochWork(epoch, train, test, epoch == plan.FirstEpoch ? plan.FirstBatch : 0) { TestOrder = testOrder };
        }
    }
}
