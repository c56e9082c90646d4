namespace LeNetPipeline.Tests.Pipeline;

[Collection(PipelineCollection.Name)]
public class PipelineDeterminismTests
{
    [Fact]
    public async Task Weights_are_bit_identical_whatever_the_parallelism_capacity_and_slice_size()
    {
        string[] common = ["--Training:Epochs=1", "--Training:Seed=11", "--Training:MaxShift=1"];
        var reference = await TrainingHarness.TrainAsync(TrainingHarness.NewOutputDirectory(),
            [.. common, "--Pipeline:ComputeParallelism=1", "--Pipeline:BoundedCapacity=1", "--Pipeline:SliceSize=16"]);
        string[][] variants =
        [
            ["--Pipeline:ComputeParallelism=4", "--Pipeline:BoundedCapacity=16", "--Pipeline:SliceSize=16"],
            ["--Pipeline:ComputeParallelism=2", "--Pipeline:BoundedCapacity=3", "--Pipeline:SliceSize=48"],
            ["--Pipeline:ComputeParallelism=3", "--Pipeline:BoundedCapacity=2", "--Pipeline:SliceSize=5"],
        ];
        foreach (string[] variant in variants)
        {
            var summary = await TrainingHarness.TrainAsync(TrainingHarness.NewOutputDirectory(), [.. common, .. variant]);
            Assert.Equal(reference!.WeightsSha256, summary!.WeightsSha256);
        }
    }

    [Fact]
    public async Task Different_seeds_give_different_weights()
    {
        var one = await TrainingHarness.TrainAsync(TrainingHarness.NewOutputDirectory(), ["--Training:Epochs=1", "--Training:Seed=1"]);
        var two = await TrainingHarness.TrainAsync(TrainingHarness.NewOutputDirectory(), ["--Training:Epochs=1", "--Training:Seed=2"]);
        Assert.NotEqual(one!.WeightsSha256, two!.WeightsSha256);
    }
}
