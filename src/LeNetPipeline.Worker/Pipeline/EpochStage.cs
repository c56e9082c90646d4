// Stage 1, Epochs: awaits the run's data (RunPlan.LoadData) once, then emits one EpochWork per epoch to run.
// Epochs are emitted lazily, so with bounded capacity this stage runs at most a few epochs ahead.
using System.Threading.Tasks.Dataflow;
using LeNetPipeline.Data;

namespace LeNetPipeline.Worker.Pipeline;

internal static class EpochStage
{
    /// <param name="loadCancellation">Cancels reading the data (a stop request before training starts).</param>
    public static TransformManyBlock<RunPlan, EpochWork> Create(int boundedCapacity, CancellationToken loadCancellation, CancellationToken cancellation) =>
        new(plan => EpochsAsync(plan, loadCancellation), new ExecutionDataflowBlockOptions
        {
            BoundedCapacity = boundedCapacity,
            CancellationToken = cancellation,
        });

    private static async IAsyncEnumerable<EpochWork> EpochsAsync(RunPlan plan, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        (LabelledImages train, LabelledImages test) = await plan.LoadData(cancellation).ConfigureAwait(false);
        int[] testOrder = [.. Enumerable.Range(0, test.Count)];
        for (int epoch = plan.FirstEpoch; epoch <= plan.LastEpoch; epoch++)
        {
            yield return new EpochWork(epoch, train, test, epoch == plan.FirstEpoch ? plan.FirstBatch : 0) { TestOrder = testOrder };
        }
    }
}
