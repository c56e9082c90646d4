// The entry point with fake sources: user files are read as they are (warned about, never fetched over), only missing
// files are fetched, and bad settings or directories fail with the right exception.
using LeNetPipeline.Data;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Data;

public sealed class DatasetProviderTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly ListLogger<DatasetProvider> _logger = new();
    private readonly FakeSource _source = new("fake source", new InvalidOperationException("has nothing"));
    private int _chainsBuilt;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task User_files_are_used_as_they_are_and_no_source_is_asked()
    {
        WriteUserTrainFiles();
        WriteUserTestFiles();

        (LabelledImages train, LabelledImages test) = await Provider().LoadAsync(Settings(), CancellationToken.None);

        Assert.Equal(3, train.Count);
        Assert.Equal(2, test.Count);
        Assert.Equal(0, _chainsBuilt);
        Assert.Empty(_source.Requests);
    }

    [Fact]
    public async Task User_files_that_are_not_the_official_ones_get_one_warning_each()
    {
        string[] paths = [.. WriteUserTrainFiles(), .. WriteUserTestFiles()];

        await Provider().LoadAsync(Settings(), CancellationToken.None);

        Assert.Equal(4, _logger.Warnings.Count());
        Assert.All(paths, path => Assert.Contains(_logger.Warnings, w => w.Contains($"{path} is not the official mnist", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Only_files_missing_from_the_data_directory_are_fetched_and_user_files_stay_untouched()
    {
        string[] userFiles = WriteUserTrainFiles();
        byte[][] before = userFiles.Select(File.ReadAllBytes).ToArray();

        await Assert.ThrowsAsync<InvalidInputException>(() => Provider().LoadAsync(Settings(), CancellationToken.None));

        Assert.Equal(["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"], Assert.Single(_source.Requests));
        Assert.Equal(before, userFiles.Select(File.ReadAllBytes));
    }

    [Fact]
    public async Task Failure_of_every_source_is_one_invalid_input_line_naming_the_directory_and_each_source()
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Provider().LoadAsync(Settings(), CancellationToken.None));

        Assert.StartsWith($"{_directory.Path}: cannot get train-images-idx3-ubyte, ", error.Message);
        Assert.EndsWith("fake source: has nothing", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Missing_data_directory_is_created_before_fetching()
    {
        string directory = _directory.File("not-yet");

        await Assert.ThrowsAsync<InvalidInputException>(() => Provider().LoadAsync(Settings() with { Directory = directory }, CancellationToken.None));

        Assert.True(Directory.Exists(directory));
    }

    [Fact]
    public async Task Data_directory_that_is_a_file_is_rejected_as_invalid_input()
    {
        string path = _directory.Write("a-file", [1]);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Provider().LoadAsync(Settings() with { Directory = path }, CancellationToken.None));

        Assert.StartsWith($"{path}: is a file", error.Message);
    }

    [Fact]
    public async Task Unknown_dataset_is_an_ArgumentException_listing_the_allowed_names()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => Provider().LoadAsync(Settings() with { Dataset = "cifar-10" }, CancellationToken.None));

        Assert.Contains("Unknown dataset 'cifar-10': allowed values are mnist, fashion-mnist", error.Message);
    }

    private DatasetProvider Provider() =>
        new(_logger, sources: (_, _, _) =>
        {
            _chainsBuilt++;
            return [_source];
        });

    private DataSourceSettings Settings() => DataSourceSettings.For("mnist", _directory.Path);

    // One raw and one gzip file per split, since users bring either.
    private string[] WriteUserTrainFiles() =>
    [
        _directory.Write("train-images-idx3-ubyte", IdxBytes.Images(3)),
        _directory.Write("train-labels-idx1-ubyte.gz", IdxBytes.Gzip(IdxBytes.Labels(3))),
    ];

    private string[] WriteUserTestFiles() =>
    [
        _directory.Write("t10k-images-idx3-ubyte.gz", IdxBytes.Gzip(IdxBytes.Images(2))),
        _directory.Write("t10k-labels-idx1-ubyte", IdxBytes.Labels(2)),
    ];
}
