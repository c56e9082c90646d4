using LeNetPipeline.Model.Reference;
using LeNetPipeline.Randomness;

namespace LeNetPipeline.Tests.Model;

// TanhActivation: its backward (which works from Y) against central differences of Σ tanh(X)·R.
public class TanhActivationTests
{
    [Fact]
    public void Input_gradient_matches_central_differences()
    {
        var random = new SeededRandom(23);
        // |X| < 2 keeps tanh' above 0.07, so the compared gradients are not all near zero.
        double[] x = GradientCheck.Uniform(random, 50, -2, 2);
        double[] r = GradientCheck.Uniform(random, 50, -1, 1);
        double[] y = new double[50];
        double[] dX = new double[50];

        TanhActivation.Forward(x, y);
        TanhActivation.Backward(y, r, dX);

        GradientCheck.AssertMatches("dX", dX, x, () =>
        {
            double[] output = new double[50];
            TanhActivation.Forward(x, output);
            return GradientCheck.Dot(output, r);
        });
    }
}
