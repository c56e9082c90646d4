// A learning rate that makes training explode (90, momentum 0.99) with a checkpoint after every batch: the run
// must stop at the first batch whose loss or update is no longer finite, say so in one line naming epoch and batch,
// exit 4 (a code of its own, so a service manager does not restart it into the same explosion), and keep the checkpoint of the last good batch and an earlier run's model.npz as they were.
using System.Text.RegularExpressions;
using LeNetPipeline.Worker.Outputs;
using LeNetPipeline.Worker.Pipeline;
using LeNetPipeline.Worker.Training;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Reliability;

[Collection(ReliabilityCollection.Name)]
public partial class DivergenceTests(ReliabilityFixture fixture)
{
    private static Lazy<Task<DivergedRun>>? _run;

    [Fact]
    public async Task A_diverging_run_exits_4_with_one_line_naming_epoch_and_batch()
    {
        DivergedRun seen = await RunAsync();
        Assert.True(seen.Result.ExitCode == LeNetPipeline.Worker.Hosting.ExitCodes.Diverged && seen.Result.ErrorLines.Count == 1 && seen.Batch is not null, seen.Result.ToString());
    }

    [Fact]
    public async Task A_diverging_run_keeps_the_checkpoint_of_the_last_good_batch()
    {
        DivergedRun seen = await RunAsync();
        TrainingCheckpoint checkpoint = TrainingCheckpoint.Read(Path.Combine(seen.Output, RunOutputs.CheckpointFile));
        Assert.Equal((seen.Epoch, seen.Batch - 1), (checkpoint.State.Epoch, (int?)checkpoint.State.NextBatch));
    }

    [Fact]
    public async Task A_diverging_run_leaves_an_earlier_model_metrics_and_summary_untouched()
    {
        DivergedRun seen = await RunAsync();
        var earlier = fixture.Ground.EarlierRun.Where(file => file.Key != RunOutputs.CheckpointFile).ToDictionary();
        Assert.DoesNotContain(OutputFiles.DifferencesFrom(seen.Output, earlier), difference => !difference.StartsWith(RunOutputs.CheckpointFile, StringComparison.Ordinal));
    }

    private Task<DivergedRun> RunAsync() =>
        LazyInitializer.EnsureInitialized(ref _run, () => new Lazy<Task<DivergedRun>>(() => DivergedRun.RunAsync(fixture.Ground))).Value;

    [GeneratedRegex(@"training diverged at epoch (?<epoch>\d+), batch (?<batch>\d+)")]
    private static partial Regex DivergedAt();

    private sealed record DivergedRun(WorkerResult Result, string Output, int? Epoch, int? Batch)
    {
        public static async Task<DivergedRun> RunAsync(ReliabilityGround ground)
        {
            string output = ground.OutputWithEarlierRun(ground.NewDirectory("divergence"));
            WorkerResult result = await WorkerProcess.RunAsync(
                [.. ground.Settings(output), "--Training:LearningRate=90", "--Training:Momentum=0.99", "--Checkpoint:EveryBatches=1"],
                WorkerProcess.FailureTimeout);
            Match at = DivergedAt().Match(result.FirstErrorLine);
            int? epoch = at.Success ? int.Parse(at.Groups["epoch"].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
            int? batch = at.Success ? int.Parse(at.Groups["batch"].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
            string checkpoint = Path.Combine(output, RunOutputs.CheckpointFile);
            TrainingState state = TrainingCheckpoint.Read(checkpoint).State;
            ReliabilityTable.Record("divergence", "Training:LearningRate=90, Momentum=0.99, checkpoint every batch", ground.Portable(result.FirstErrorLine), result.ExitCode,
                $"checkpoint of epoch {state.Epoch} batch {state.NextBatch} (finite, loads); earlier model.npz, metrics.csv, summary.json byte-identical");
            return new DivergedRun(result, output, epoch, batch);
        }
    }
}
