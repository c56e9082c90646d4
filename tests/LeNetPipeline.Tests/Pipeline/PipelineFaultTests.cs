using LeNetPipeline.Worker.Hosting;

using LeNetPipeline.Worker.Pipeline;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Pipeline;

[Collection(PipelineCollection.Name)]
public class PipelineFaultTests
{
    [Fact]
    public async Task A_fault_in_the_compute_stage_ends_the_run_with_that_error()
    {
        var fault = new InvalidOperationException("injected compute fault");
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TrainingHarness.TrainAsync(TrainingHarness.NewOutputDirectory(), ["--Training:Epochs=3"],
                beforeComputeSlice: slice =>
                {
                    if (slice.Batch.Epoch == 1 && slice.Batch.Index == 3)
                    {
                        throw fault;
                    }
                }));
        Assert.Same(fault, thrown);
        Assert.Equal(ExitCodes.Failure, ExitCodes.For(thrown));
    }

    [Theory]
    [InlineData("16")]
    [InlineData("64")]
    public async Task A_fault_on_a_batchs_last_slice_ends_the_run_while_the_next_batch_waits_at_the_gate(string sliceSize)
    {
        // The other compute worker holds the next batch's first slice, blocked until an update that never comes.
        var fault = new InvalidOperationException("injected fault on the last slice");
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TrainingHarness.TrainAsync(TrainingHarness.NewOutputDirectory(),
                ["--Training:Epochs=2", "--Pipeline:ComputeParallelism=2", $"--Pipeline:SliceSize={sliceSize}"],
                beforeComputeSlice: slice =>
                {
                    if (slice.Batch.Epoch == 1 && slice.Batch.Index == 3 && slice.SliceIndex == slice.SliceCount - 1)
                    {
                        throw fault;
                    }
                }));
        Assert.Same(fault, thrown);
    }

    [Fact]
    public async Task A_fault_in_the_loader_ends_the_run_with_exit_code_3_naming_the_file()
    {
        string data = Directory.CreateTempSubdirectory("lenet-bad-data-").FullName;
        foreach (string file in new[] { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" })
        {
            File.Copy(Path.Combine(RepositoryPaths.Root, "data", "mnist", file), Path.Combine(data, file));
        }
        string broken = Path.Combine(data, "train-labels-idx1-ubyte");
        File.WriteAllBytes(broken, File.ReadAllBytes(broken)[..1000]);

        var thrown = await Assert.ThrowsAsync<InvalidInputException>(() =>
            TrainingHarness.TrainAsync(TrainingHarness.NewOutputDirectory(), ["--Training:Epochs=1", $"--Data:Directory={data}"]));
        Assert.Contains(broken, thrown.Message);
        Assert.Equal(ExitCodes.InvalidInput, ExitCodes.For(thrown));
    }

    [Fact]
    public async Task A_learning_rate_that_explodes_stops_the_run_naming_epoch_and_batch()
    {
        var thrown = await Assert.ThrowsAsync<TrainingDivergedException>(() =>
            TrainingHarness.TrainAsync(TrainingHarness.NewOutputDirectory(), ["--Training:Epochs=2", "--Training:LearningRate=90", "--Training:Momentum=0.99"]));
        Assert.Contains("epoch", thrown.Message);
        Assert.Contains("batch", thrown.Message);
    }
}
