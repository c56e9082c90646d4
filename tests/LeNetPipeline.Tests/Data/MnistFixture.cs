// Real MNIST for the suites that need it, loaded through DatasetProvider into the repository's data/mnist: fetched
// (and verified) the first time, reused by every later run. Loaded once per test process, however many suites use it.
using LeNetPipeline.Data;
using Microsoft.Extensions.Logging.Abstractions;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Data;

/// <summary>
/// Use it as a collection fixture (<c>[Collection(MnistCollection.Name)]</c>) or a class fixture; either way all
/// instances share one load, so parallel suites never fetch into data/mnist at the same time.
/// </summary>
public sealed class MnistFixture : IAsyncLifetime
{
    private static readonly Lazy<Task<(LabelledImages Train, LabelledImages Test)>> Shared = new(LoadAsync);

    private (LabelledImages Train, LabelledImages Test)? _splits;

    /// <summary>The 60,000 training images and labels.</summary>
    public LabelledImages Train => Splits.Train;

    /// <summary>The 10,000 test images and labels.</summary>
    public LabelledImages Test => Splits.Test;

    /// <summary>Where the files are kept between runs: the default Data:Directory of the worker.</summary>
    public static string DataDirectory => RepositoryPaths.MnistDirectory;

    private (LabelledImages Train, LabelledImages Test) Splits =>
        _splits ?? throw new InvalidOperationException("MnistFixture is used before xunit initialised it");

    public async Task InitializeAsync() => _splits = await Shared.Value;

    public Task DisposeAsync() => Task.CompletedTask;

    private static Task<(LabelledImages Train, LabelledImages Test)> LoadAsync() =>
        new DatasetProvider(NullLogger<DatasetProvider>.Instance)
            .LoadAsync(DataSourceSettings.For("mnist", DataDirectory), CancellationToken.None);
}

[CollectionDefinition(Name)]
public sealed class MnistCollection : ICollectionFixture<MnistFixture>
{
    public const string Name = "MNIST";
}
