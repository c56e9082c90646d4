// A concurrency limit that can be changed while the compute block runs. Dataflow fixes a block's
// MaxDegreeOfParallelism at creation, so the block is built with the ceiling and this limit admits fewer;
// the pipeline changes it only at epoch boundaries (live tuning of Pipeline:ComputeParallelism).
namespace LeNetPipeline.Worker.Pipeline;

internal sealed class ParallelismLimit(int limit, int ceiling)
{
    private readonly object _gate = new();
    private readonly Queue<TaskCompletionSource> _waiting = new();
    private int _running;

    public int Ceiling { get; } = ceiling;

    public int Limit { get; private set; } = Math.Min(limit, ceiling);

    public Task EnterAsync(CancellationToken cancellation)
    {
        lock (_gate)
        {
            if (_running < Limit)
            {
                _running++;
                return Task.CompletedTask;
            }
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(waiter);
            return waiter.Task.WaitAsync(cancellation);
        }
    }

    public void Exit()
    {
        lock (_gate)
        {
            _running--;
            AdmitWaiting();
        }
    }

    /// <summary>Sets a new limit (capped at the ceiling) and returns the one now in force.</summary>
    public int Change(int limit)
    {
        lock (_gate)
        {
            Limit = Math.Clamp(limit, 1, Ceiling);
            AdmitWaiting();
            return Limit;
        }
    }

    private void AdmitWaiting()
    {
        while (_running < Limit && _waiting.TryDequeue(out TaskCompletionSource? next))
        {
            if (next.TrySetResult())
            {
                _running++;
            }
        }
    }
}
