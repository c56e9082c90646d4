// A fetch source for tests: serves the files it was given, records what it was asked for, and fails on demand.
// It goes through the real VerifiedFileStore, so what it serves is checked exactly as a real download would be.
using LeNetPipeline.Data;

namespace LeNetPipeline.Tests.Data;

internal sealed class FakeSource(
    string description, IReadOnlyDictionary<string, byte[]> files, Exception? failure = null, Action? onFetch = null) : IDatasetSource
{
    private readonly List<string[]> _requests = [];

    public FakeSource(string description, Exception failure)
        : this(description, new Dictionary<string, byte[]>(), failure)
    {
    }

    public string Description => description;

    /// <summary>The names asked for, one array per call.</summary>
    public IReadOnlyList<string[]> Requests => _requests;

    public async Task FetchAsync(IReadOnlyList<DatasetFile> wanted, VerifiedFileStore store, CancellationToken ct)
    {
        _requests.Add(wanted.Select(file => file.Name).ToArray());
        onFetch?.Invoke();
        foreach (DatasetFile file in wanted)
        {
            if (files.TryGetValue(file.Name, out byte[]? content))
            {
                await store.StoreAsync(file, new MemoryStream(content), ct);
            }
        }
        if (failure is not null)
        {
            throw failure;
        }
    }
}
