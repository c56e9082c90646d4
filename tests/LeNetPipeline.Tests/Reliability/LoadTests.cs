// The pipeline settings under stress: far more compute stages than cores, the smallest capacity, one-sample
// slices. None of them may change the result (docs/architecture.md, The same bits for any parallelism): each run ends with the default run's weights.
using LeNetPipeline.Worker.Outputs;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Reliability;

[Collection(ReliabilityCollection.Name)]
public class LoadTests(ReliabilityFixture fixture)
{
    private static Lazy<Task<string>>? _defaultSha;

    public static TheoryData<string> Stresses => ["--Pipeline:ComputeParallelism=64", "--Pipeline:BoundedCapacity=1", "--Pipeline:SliceSize=1"];

    [Theory]
    [MemberData(nameof(Stresses))]
    public async Task A_stressed_pipeline_ends_with_the_weights_of_the_default_one(string stress)
    {
        string expected = await LazyInitializer.EnsureInitialized(ref _defaultSha, () => new Lazy<Task<string>>(() => ShaAsync(fixture.Ground, "default", []))).Value;
        string actual = await ShaAsync(fixture.Ground, stress, [stress]);
        ReliabilityTable.Record("load", stress.TrimStart('-'), actual == expected ? "weights_sha256 equal to the default run's" : "DIFFERENT weights_sha256", 0, "-");
        Assert.Equal(expected, actual);
    }

    private static async Task<string> ShaAsync(ReliabilityGround ground, string name, string[] settings)
    {
        string output = ground.NewDirectory("load-" + name.TrimStart('-').Replace(':', '-').Replace('=', '-'));
        WorkerResult run = await WorkerProcess.RunAsync([.. ground.Settings(output), .. settings], TimeSpan.FromMinutes(5));
        return run.ExitCode == 0 ? OutputFiles.WeightsSha256(Path.Combine(output, RunOutputs.SummaryFile)) : $"run failed: {run}";
    }
}
