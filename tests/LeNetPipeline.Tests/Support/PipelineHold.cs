// Holds the training pipeline still at one batch, for tests of what watchers see when it stops moving: the
// compute stage waits before the batch's first slice until the test releases it. The one place tests use the
// compute stage's hook for holding (TrainCommand.BeforeComputeSlice).
using LeNetPipeline.Worker.Pipeline;
using LeNetPipeline.Worker.Training;
using Microsoft.Extensions.DependencyInjection;
using LeNetPipeline.Worker.Commands.Train;

namespace LeNetPipeline.Tests.Support;

internal sealed class PipelineHold : IDisposable
{
    private readonly int _epoch;
    private readonly int _batch;
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _released = new(false);

    /// <param name="batch">Counts from 0.</param>
    public PipelineHold(int epoch, int batch) => (_epoch, _batch) = (epoch, batch);

    /// <summary>Completes when the pipeline reaches the batch and stops there.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Installs the hold in the host about to run "train" (an InProcessWorker's hook).</summary>
    public void InstallIn(IServiceProvider services) => services.GetRequiredService<TrainCommand>().BeforeComputeSlice = BeforeSlice;

    public void Release() => _released.Set();

    /// <summary>Releases the pipeline, so a failed test never leaves a run stuck.</summary>
    public void Dispose() => Release();

    private void BeforeSlice(Slice slice)
    {
        if (slice.Batch.Kind == BatchKind.Train && slice.Batch.Epoch == _epoch && slice.Batch.Index == _batch)
        {
            _reached.TrySetResult();
            _released.Wait();
        }
    }
}
