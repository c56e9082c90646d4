// One short real training shared by the command tests: 6,400 MNIST images for 2 epochs through the worker's own
// pipeline, leaving model.npz (about 95 % on the test set: confident enough that predictions are not coin-flips).
// Trained once per test process; every test reads the file and none changes it.
using LeNetPipeline.Tests.Data;
using LeNetPipeline.Tests.Pipeline;
using LeNetPipeline.Weights;
using LeNetPipeline.Worker.Outputs;

namespace LeNetPipeline.Tests.Commands;

public sealed class TrainedModelFixture : IAsyncLifetime
{
    private static readonly Lazy<Task<(string Directory, RunSummary Summary)>> Shared = new(TrainAsync);

    private (string Directory, RunSummary Summary)? _run;

    /// <summary>The training run's output directory.</summary>
    public string Directory => Run.Directory;

    public string ModelPath => Path.Combine(Run.Directory, RunOutputs.ModelFile);

    public RunSummary Summary => Run.Summary;

    public float[] Parameters => WeightsFile.Read(ModelPath);

    private (string Directory, RunSummary Summary) Run =>
        _run ?? throw new InvalidOperationException("TrainedModelFixture is used before xunit initialised it");

    public async Task InitializeAsync()
    {
        // The data directory is filled through the real fetch chain first, once, by the MNIST fixture.
        await new MnistFixture().InitializeAsync();
        _run = await Shared.Value;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<(string Directory, RunSummary Summary)> TrainAsync()
    {
        string directory = TrainingHarness.NewOutputDirectory();
        RunSummary summary = await TrainingHarness.TrainAsync(directory, ["--Data:TrainLimit=6400", "--Training:Epochs=2"])
            ?? throw new InvalidOperationException("the fixture's training run was stopped");
        return (directory, summary);
    }
}

/// <summary>
/// The command tests share the MNIST data and the trained model, and run one at a time: each uses both cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class CommandsCollection : ICollectionFixture<MnistFixture>, ICollectionFixture<TrainedModelFixture>
{
    public const string Name = "Commands";
}
