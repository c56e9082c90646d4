// The weights every compute stage reads, with the version gate that makes SGD synchronous (DESIGN contract 1):
// version v means v optimizer updates applied. Only the optimizer block writes, and only when no compute of the
// current version can still be running, because the next batch's slices wait in the gate for the new version.
// The gate opens in two steps: the optimizer updates the convolution weights first and opens them at once, so
// the next batch's convolutions (a third of its work) run while the dense layers' weights, four fifths of all,
// are still being updated; compute waits for those just before it reads them (SampleGroupKernel.BeforeDenseLayers).
namespace LeNetPipeline.Worker.Pipeline;

internal sealed class WeightStore
{
    private readonly object _gate = new();
    private long _version;
    private long _convolutionVersion;

    public WeightStore(float[] parameters, long version)
    {
        Parameters = parameters;
        _version = version;
        _convolutionVersion = version;
    }

    /// <summary>The live weights. Compute stages only read them between the gate opening and their batch's end.</summary>
    public float[] Parameters { get; }

    /// <summary>Blocks until every weight has reached <paramref name="version"/>; throws if cancelled first.</summary>
    public void WaitForVersion(long version, CancellationToken cancellation) => WaitFor(ref _version, version, cancellation);

    /// <summary>Blocks until the convolution weights (C1, C3) have reached <paramref name="version"/>; throws if cancelled first.</summary>
    public void WaitForConvolutions(long version, CancellationToken cancellation) => WaitFor(ref _convolutionVersion, version, cancellation);

    // Both versions are written under the gate's lock, volatile so that a version already reached needs no lock.
    private void WaitFor(ref long reached, long version, CancellationToken cancellation)
    {
        if (Volatile.Read(ref reached) >= version)
        {
            return;
        }
        lock (_gate)
        {
            while (reached < version)
            {
                GateWait.Step(_gate, cancellation);
            }
        }
    }

    /// <summary>Called by the optimizer once the convolution weights hold update <paramref name="version"/>.</summary>
    public void PublishConvolutions(long version)
    {
        lock (_gate)
        {
            Volatile.Write(ref _convolutionVersion, version);
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Called by the optimizer after it applied a whole update: opens the gate for batches that waited on it.</summary>
    public void Publish(long version)
    {
        lock (_gate)
        {
            Volatile.Write(ref _convolutionVersion, Math.Max(_convolutionVersion, version));
            Volatile.Write(ref _version, version);
            Monitor.PulseAll(_gate);
        }
    }
}
