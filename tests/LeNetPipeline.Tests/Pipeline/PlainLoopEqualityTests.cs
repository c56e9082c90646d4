// The pipeline is the plain loop parallelised: for the same settings its final weights equal, bit for bit, those
// of PlainTrainingLoop, one thread, no Dataflow (docs/architecture.md, The same bits for any parallelism).
using LeNetPipeline.Model;
using LeNetPipeline.Tests.Data;
using LeNetPipeline.Training;
using LeNetPipeline.Weights;

namespace LeNetPipeline.Tests.Pipeline;

[Collection(PipelineCollection.Name)]
public class PlainLoopEqualityTests(MnistFixture mnist)
{
    private const ulong Seed = 5;

    [Theory]
    [InlineData(1, 16)]
    [InlineData(2, 16)]
    [InlineData(2, 5)]
    public async Task The_pipeline_ends_with_the_plain_loops_weights_bit_for_bit(int parallelism, int sliceSize)
    {
        // Two epochs with shifts and a learning-rate drop after the first: every input of the update is exercised.
        var pipeline = await TrainingHarness.TrainAsync(TrainingHarness.NewOutputDirectory(),
            ["--Training:Epochs=2", $"--Training:Seed={Seed}", "--Training:MaxShift=2", "--Training:LearningRateDropEpochs:0=1",
                $"--Pipeline:ComputeParallelism={parallelism}", $"--Pipeline:SliceSize={sliceSize}"]);

        float[] weights = ParameterInitializer.Create(Seed);
        var loop = new PlainTrainingLoop
        {
            BatchSize = 64,
            Seed = Seed,
            Shuffle = true,
            MaxShift = 2,
            LearningRateAt = epoch => epoch > 1 ? 0.01 * 0.1 : 0.01,
            Momentum = 0.9,
            WeightDecay = 0,
        };
        loop.Train(weights, new SgdMomentum(ParameterLayout.Mnist.Count), mnist.Train.Take(pipeline!.TrainSamples), epochs: 2);

        Assert.Equal(WeightsHash.Sha256Hex(weights), pipeline.WeightsSha256);
    }
}
