using LeNetPipeline.Tests.Data;

namespace LeNetPipeline.Tests.Pipeline;

/// <summary>
/// Pipeline runs use both cores, so they run one at a time; the MNIST fixture makes sure the data directory the
/// runs read (the repository's data/mnist) was filled through the real fetch chain first.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<MnistFixture>
{
    public const string Name = "Training pipeline runs";
}
