using LeNetPipeline.Model.Reference;
using LeNetPipeline.Randomness;

namespace LeNetPipeline.Tests.Model;

// SigmoidActivation: its backward (which works from Y) against central differences, and its overflow-free forward.
public class SigmoidActivationTests
{
    [Fact]
    public void Input_gradient_matches_central_differences()
    {
        var random = new SeededRandom(29);
        // |X| < 4 keeps sigmoid' above 0.017 and exercises both branches of the stable formula.
        double[] x = GradientCheck.Uniform(random, 50, -4, 4);
        double[] r = GradientCheck.Uniform(random, 50, -1, 1);
        double[] y = new double[50];
        double[] dX = new double[50];

        SigmoidActivation.Forward(x, y);
        SigmoidActivation.Backward(y, r, dX);

        GradientCheck.AssertMatches("dX", dX, x, () =>
        {
            double[] output = new double[50];
            SigmoidActivation.Forward(x, output);
            return GradientCheck.Dot(output, r);
        });
    }

    [Fact]
    public void Forward_is_exact_at_zero_and_saturates_without_overflow_for_huge_inputs()
    {
        double[] y = new double[3];

        SigmoidActivation.Forward([-1000, 0, 1000], y);

        Assert.Equal([0, 0.5, 1], y);
    }
}
