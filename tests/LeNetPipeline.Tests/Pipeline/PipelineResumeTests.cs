using LeNetPipeline.Worker.Outputs;

namespace LeNetPipeline.Tests.Pipeline;

[Collection(PipelineCollection.Name)]
public class PipelineResumeTests
{
    private static readonly string[] TwoEpochs = ["--Training:Epochs=2", "--Training:Seed=5", "--Training:MaxShift=2"];

    [Fact]
    public async Task Stopping_mid_epoch_and_resuming_ends_with_the_weights_of_an_uninterrupted_run()
    {
        RunSummary? straight = await TrainingHarness.TrainAsync(TrainingHarness.NewOutputDirectory(), TwoEpochs);

        string interrupted = TrainingHarness.NewOutputDirectory();
        using var stop = new CancellationTokenSource();
        RunSummary? stopped = await TrainingHarness.TrainAsync(interrupted, TwoEpochs,
            beforeComputeSlice: slice =>
            {
                if (slice.Batch.Epoch == 2 && slice.Batch.Index == 4)
                {
                    stop.Cancel();
                }
            },
            stop: stop.Token);
        Assert.Null(stopped);
        string checkpoint = Path.Combine(interrupted, RunOutputs.CheckpointFile);
        Assert.True(File.Exists(checkpoint));
        Assert.False(File.Exists(Path.Combine(interrupted, RunOutputs.ModelFile)));

        RunSummary? resumed = await TrainingHarness.TrainAsync(interrupted, [.. TwoEpochs, $"--Checkpoint:ResumeFrom={checkpoint}"]);
        Assert.Equal(straight!.WeightsSha256, resumed!.WeightsSha256);
        Assert.Equal(2, resumed.Epochs);
        Assert.Equal(straight.FinalTestAccuracy, resumed.FinalTestAccuracy);
    }

    [Fact]
    public async Task Periodic_checkpoints_do_not_change_the_result()
    {
        RunSummary? without = await TrainingHarness.TrainAsync(TrainingHarness.NewOutputDirectory(), ["--Training:Epochs=1", "--Checkpoint:EveryBatches=0"]);
        RunSummary? with = await TrainingHarness.TrainAsync(TrainingHarness.NewOutputDirectory(), ["--Training:Epochs=1", "--Checkpoint:EveryBatches=3"]);
        Assert.Equal(without!.WeightsSha256, with!.WeightsSha256);
    }

    [Fact]
    public async Task Resuming_with_a_different_batch_size_is_refused_naming_the_setting()
    {
        string output = TrainingHarness.NewOutputDirectory();
        await TrainingHarness.TrainAsync(output, ["--Training:Epochs=1"]);
        string checkpoint = Path.Combine(output, RunOutputs.CheckpointFile);
        var refused = await Assert.ThrowsAsync<InvalidInputException>(() =>
            TrainingHarness.TrainAsync(TrainingHarness.NewOutputDirectory(), ["--Training:Epochs=2", "--Training:BatchSize=32", $"--Checkpoint:ResumeFrom={checkpoint}"]));
        Assert.Contains("Training:BatchSize", refused.Message);
        Assert.Contains(checkpoint, refused.Message);
    }
}
