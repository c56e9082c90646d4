// The one collection every reliability test belongs to: they start real worker processes, which use both cores,
// so they run one at a time; the fixture provides the shared ground and removes its folder at the end.
using System.Collections.Concurrent;

namespace LeNetPipeline.Tests.Reliability;

[CollectionDefinition(Name)]
public sealed class ReliabilityCollection : ICollectionFixture<ReliabilityFixture>
{
    public const string Name = "Reliability: real worker processes";
}

public sealed class ReliabilityFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<CaseObservation>>> _observations = new();
    private ReliabilityGround? _ground;

    internal ReliabilityGround Ground => _ground ?? throw new InvalidOperationException("used before xunit initialised the fixture");

    public async Task InitializeAsync() => _ground = await ReliabilityGround.GetAsync();

    public Task DisposeAsync()
    {
        if (_ground is not null && Directory.Exists(_ground.Root))
        {
            // Cases take permissions away; give them back so the folder can go even when not run as root.
            foreach (string entry in Directory.EnumerateFileSystemEntries(_ground.Root, "*", SearchOption.AllDirectories))
            {
                FilePermissions.GiveOwnerEverything(entry);
            }
            Directory.Delete(_ground.Root, recursive: true);
        }
        return Task.CompletedTask;
    }

    /// <summary>Runs a case once, however many tests look at what it did.</summary>
    internal Task<CaseObservation> ObserveAsync(MalformedInputCase @case) =>
        _observations.GetOrAdd(@case.Name, _ => new Lazy<Task<CaseObservation>>(() => CaseObservation.RunAsync(Ground, @case))).Value;
}
