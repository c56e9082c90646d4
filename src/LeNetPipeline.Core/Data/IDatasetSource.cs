// A place the official files of a data set can be fetched from when the data directory lacks them.
// A source only hands decompressed bytes to the store; verifying and placing them is the store's job alone.
namespace LeNetPipeline.Data;

public interface IDatasetSource
{
    /// <summary>Where it fetches from, for logs and for the message listing every source that failed.</summary>
    string Description { get; }

    /// <summary>
    /// Hands every file of <paramref name="wanted"/> it can get to <paramref name="store"/>, decompressed.
    /// Throws (with a one-line message saying why) when it cannot get them all; files stored before that stay.
    /// </summary>
    Task FetchAsync(IReadOnlyList<DatasetFile> wanted, VerifiedFileStore store, CancellationToken ct);
}
