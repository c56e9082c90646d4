using LeNetPipeline.Model.Reference;
using LeNetPipeline.Randomness;

namespace LeNetPipeline.Tests.Model;

// SoftmaxCrossEntropy: the logit gradient against central differences of the loss, the natural-log scale, and
// stability for logits far outside e^x's range.
public class SoftmaxCrossEntropyTests
{
    [Fact]
    public void Logit_gradient_matches_central_differences_of_the_loss()
    {
        const int label = 4;
        double[] logits = GradientCheck.Uniform(new SeededRandom(37), 10, -3, 3);
        double[] probabilities = new double[10];
        double[] dLogits = new double[10];

        SoftmaxCrossEntropy.Forward(logits, label, probabilities);
        SoftmaxCrossEntropy.Backward(probabilities, label, dLogits);

        GradientCheck.AssertMatches("dLogits", dLogits, logits,
            () => SoftmaxCrossEntropy.Forward(logits, label, new double[10]));
    }

    [Fact]
    public void Loss_of_equal_logits_is_the_natural_log_of_the_class_count()
    {
        double loss = SoftmaxCrossEntropy.Forward(new double[10], 7, new double[10]);

        Assert.Equal(Math.Log(10), loss, 15);
    }

    // e^1000 overflows and e^-1000 underflows: a naive softmax gives NaN, and a naive -ln p gives infinity.
    [Fact]
    public void Softmax_of_logits_beyond_the_range_of_exp_is_exact()
    {
        double[] probabilities = new double[3];

        SoftmaxCrossEntropy.Softmax([1000, 0, -1000], probabilities);

        Assert.Equal([1, 0, 0], probabilities);
    }

    [Fact]
    public void Loss_of_logits_beyond_the_range_of_exp_is_finite_and_exact()
    {
        double loss = SoftmaxCrossEntropy.Forward([1000, 0, -1000], 1, new double[3]);

        Assert.Equal(1000, loss);
    }
}
