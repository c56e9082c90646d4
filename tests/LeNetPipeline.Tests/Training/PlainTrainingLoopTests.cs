// The model learns: the plain training loop (no pipeline) over real MNIST, the way the notebook trained.
using LeNetPipeline.Data;
using LeNetPipeline.Model;
using LeNetPipeline.Tests.Data;
using LeNetPipeline.Training;

namespace LeNetPipeline.Tests.Training;

[Collection(MnistCollection.Name)]
public class PlainTrainingLoopTests(MnistFixture mnist, Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void Three_epochs_on_5000_images_reach_90_percent_on_1000_test_images()
    {
        // SGD with momentum 0.9, lr 0.01, batch 32: PyTorch reaches 93-94 % with these settings on this data.
        float[] weights = ParameterInitializer.Create(seed: 3);
        LabelledImages test = mnist.Test.Take(1000);
        var loop = new PlainTrainingLoop { BatchSize = 32, Seed = 3, LearningRateAt = _ => 0.01, Momentum = 0.9 };
        var accuracies = new List<double>();

        loop.Train(weights, new SgdMomentum(ParameterLayout.Mnist.Count), mnist.Train.Take(5000), epochs: 3, test, (_, accuracy) => accuracies.Add(accuracy));

        output.WriteLine($"plain loop: test accuracy per epoch {string.Join(", ", accuracies.Select(a => a.ToString("P2")))}");
        Assert.Equal(3, accuracies.Count);
        Assert.True(accuracies[^1] >= 0.90, $"test accuracy {accuracies[^1]:P2} after 3 epochs on 5000 images");
        Assert.Equal(accuracies[^1], loop.Evaluate(weights, test));
    }
}
