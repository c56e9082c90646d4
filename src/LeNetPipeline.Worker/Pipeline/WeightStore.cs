// The weights every compute worker reads, with the version gate that makes SGD synchronous (docs/architecture.md,
// Synchronous SGD): version v means v optimizer updates applied. Only the optimizer writes, and only while no
// compute of the current version can still be running, because the next batch's slices wait at the gate.
// The gate opens in two steps: the optimizer updates the convolution weights first and opens them at once, so the
// next batch's convolutions run while the dense layers' weights, most of all, are still being updated; compute
// waits for those just before it reads them (SampleGroupKernel.BeforeDenseLayers).
namespace LeNetPipeline.Worker.Pipeline;

internal sealed class WeightStore
{
    private readonly VersionGate _version;
    private readonly VersionGate _convolutionVersion;

    public WeightStore(float[] parameters, long version)
    {
        Parameters = parameters;
        _version = new VersionGate(version);
        _convolutionVersion = new VersionGate(version);
    }

    /// <summary>The live weights. Compute only reads them between the gate opening and its batch's end.</summary>
    public float[] Parameters { get; }

    /// <summary>Blocks until every weight has reached <paramref name="version"/>; throws if cancelled first.</summary>
    public void WaitForVersion(long version, CancellationToken cancellation) => _version.WaitFor(version, cancellation);

    /// <summary>Blocks until the convolution weights (C1, C3) have reached <paramref name="version"/>; throws if cancelled first.</summary>
    public void WaitForConvolutions(long version, CancellationToken cancellation) => _convolutionVersion.WaitFor(version, cancellation);

    /// <summary>Called by the optimizer once the convolution weights hold update <paramref name="version"/>.</summary>
    public void PublishConvolutions(long version) => _convolutionVersion.Advance(version);

    /// <summary>Called by the optimizer after it applied a whole update: opens the gate for batches that waited on it.</summary>
    public void Publish(long version)
    {
        _convolutionVersion.Advance(version);
        _version.Advance(version);
    }
}
