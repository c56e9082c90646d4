// The weights every compute stage reads, with the version gate that makes SGD synchronous (DESIGN contract 1):
// version v means v optimizer updates applied. Only the optimizer block writes, and only when no compute of the
// current version can still be running, because the next batch's slices wait in the gate for the new version.
namespace LeNetPipeline.Worker.Pipeline;

internal sealed class WeightStore
{
    private readonly object _gate = new();
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

    /// <summary>Blocks until the weights have reached <paramref name="version"/>; throws if cancelled first.</summary>
    public void WaitForVersion(long version, CancellationToken cancellation)
    {
        lock (_gate)
        {
            while (_version < version)
            {
                GateWait.Step(_gate, cancellation);
            }
        }
    }

    /// <summary>Called by the optimizer after it applied an update: opens the gate for batches that waited on it.</summary>
    public void Publish(long version)
    {
        lock (_gate)
        {
            _version = version;
            Monitor.PulseAll(_gate);
        }
    }
}
