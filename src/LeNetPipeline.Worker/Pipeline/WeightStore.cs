// The weights compute reads, behind the version gate that makes SGD synchronous (docs/architecture.md,
// Synchronous SGD): version v means v updates applied. The convolution weights open first, so the next batch's
// convolutions overlap the dense part of the update (SampleGroupKernel.BeforeDenseLayers waits for the rest).
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
