// The chain of fetch sources, tried in order for the files the data directory lacks, each for what is still missing.
// Invariant: it returns only when every wanted file is stored and verified; otherwise one InvalidInputException line
// lists every source tried and why it failed. Cancellation is never mistaken for a source's failure.
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace LeNetPipeline.Data;

public sealed class DatasetFetcher
{
    private readonly IReadOnlyList<IDatasetSource> _sources;
    private readonly ILogger _logger;

    public DatasetFetcher(IReadOnlyList<IDatasetSource> sources, ILogger logger)
    {
        _sources = sources.ToArray();
        _logger = logger;
    }

    /// <summary>Fetches <paramref name="missing"/> into <paramref name="directory"/>, which must exist.</summary>
    /// <exception cref="InvalidInputException">No source could provide them all; the message says why, per source.</exception>
    public async Task FetchAsync(string directory, IReadOnlyList<DatasetFile> missing, CancellationToken ct)
    {
        var remaining = missing.ToList();
        var failures = new List<string> { $"data directory: lacks {Names(missing)}" };
        foreach (IDatasetSource source in _sources)
        {
            if (remaining.Count == 0)
            {
                break;
            }
            ct.ThrowIfCancellationRequested();
            var store = new VerifiedFileStore(directory, source.Description, _logger);
            var clock = Stopwatch.StartNew();
            _logger.TryingSource(source.Description, Names(remaining));
            try
            {
                await source.FetchAsync(remaining.ToArray(), store, ct);
                remaining.RemoveAll(store.Stored.Contains);
                if (remaining.Count > 0)
                {
                    // A source that returns without delivering everything has failed for the rest.
                    throw new InvalidOperationException($"did not provide {Names(remaining)}");
                }
                _logger.SourceDone(source.Description, store.Stored.Count, clock.ElapsedMilliseconds);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                remaining.RemoveAll(store.Stored.Contains);
                string reason = ex.Message.ReplaceLineEndings(" ");
                failures.Add($"{source.Description}: {reason}");
                _logger.SourceFailed(source.Description, clock.ElapsedMilliseconds, reason);
            }
        }
        if (remaining.Count > 0)
        {
            throw new InvalidInputException(
                $"{directory}: cannot get {Names(remaining)}; tried {string.Join("; ", failures)}");
        }
    }

    private static string Names(IEnumerable<DatasetFile> files) => string.Join(", ", files.Select(file => file.Name));
}
