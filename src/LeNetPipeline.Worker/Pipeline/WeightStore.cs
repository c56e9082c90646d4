// The weights every compute stage reads, with the version gate that makes SGD synchronous (DESIGN contract 1):
// version v means v optimizer updates applied. Only the optimizer block writes, and only when no compute of the
// current version can still be running, because the next batch's slices wait in the gate for the new version.
namespace LeNetPipeline.Worker.Pipeline;

internal sealed class WeightStore
{
    private readonly object _gate = new();
    private readonly List<(long Version, TaskCompletionSource Waiter)> _waiters = [];
    private long _version;

    public WeightStore(float[] parameters, long version)
    {
        Parameters = parameters;
        _version = version;
    }

    /// <summary>The live weights. Compute stages only read them between the gate opening and their batch's end.</summary>
    public float[] Parameters { get; }

    public long Version
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    /// <summary>Completes once the weights have reached <paramref name="version"/>.</summary>
    public Task WaitForVersionAsync(long version, CancellationToken cancellation)
    {
        lock (_gate)
        {
            if (_version >= version)
            {
                return Task.CompletedTask;
            }
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((version, waiter));
            return waiter.Task.WaitAsync(cancellation);
        }
    }

    /// <summary>Called by the optimizer after it applied an update: opens the gate for batches that waited on it.</summary>
    public void Publish(long version)
    {
        List<TaskCompletionSource> ready = [];
        lock (_gate)
        {
            _version = version;
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Version <= version)
                {
                    ready.Add(_waiters[i].Waiter);
                    _waiters.RemoveAt(i);
                }
            }
        }
        foreach (TaskCompletionSource waiter in ready)
        {
            waiter.TrySetResult();
        }
    }
}
