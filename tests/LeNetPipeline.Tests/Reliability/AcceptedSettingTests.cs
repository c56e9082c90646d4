// Zero is a documented value of some numeric settings (0 = all samples, processor count, no momentum, no decay,
// no shift, seed 0, no periodic checkpoints): there it must train, not be refused like the zeros that make no sense.
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Reliability;

[Collection(ReliabilityCollection.Name)]
public class AcceptedSettingTests(ReliabilityFixture fixture)
{
    public static TheoryData<string> DocumentedZeros =>
    [
        "Data:TrainLimit", "Data:TestLimit", "Training:Momentum", "Training:WeightDecay", "Training:Seed", "Training:MaxShift",
        "Pipeline:ComputeParallelism", "Checkpoint:EveryBatches",
    ];

    [Theory]
    [MemberData(nameof(DocumentedZeros))]
    public async Task A_documented_zero_trains_to_the_end(string key)
    {
        string output = fixture.Ground.NewDirectory("zero-" + key.Replace(':', '-'));
        WorkerResult run = await WorkerProcess.RunAsync([.. fixture.Ground.Settings(output), $"--{key}=0"], TimeSpan.FromMinutes(3));
        ReliabilityTable.Record("settings (accepted)", $"{key.Replace(':', '-')}-zero", run.ExitCode == 0 ? "(trains; no error line)" : fixture.Ground.Portable(run.FirstErrorLine), run.ExitCode, "outputs written");
        Assert.True(run.ExitCode == 0, run.ToString());
    }
}
