using LeNetPipeline.Model.Reference;
using LeNetPipeline.Randomness;

namespace LeNetPipeline.Tests.Model;

// AveragePoolLayer: its input gradient against central differences of Σ Y·R, and its forward mean by hand.
public class AveragePoolLayerTests
{
    [Fact]
    public void Input_gradient_matches_central_differences()
    {
        var layer = new AveragePoolLayer(3, 6, 4);
        var random = new SeededRandom(17);
        double[] x = GradientCheck.Uniform(random, layer.InputLength, -1, 1);
        double[] r = GradientCheck.Uniform(random, layer.OutputLength, -1, 1);
        double[] dX = new double[layer.InputLength];

        layer.Backward(r, dX);

        GradientCheck.AssertMatches("dX", dX, x, () =>
        {
            double[] y = new double[layer.OutputLength];
            layer.Forward(x, y);
            return GradientCheck.Dot(y, r);
        });
    }

    [Fact]
    public void Forward_averages_each_2x2_window_of_each_channel()
    {
        var layer = new AveragePoolLayer(2, 2, 4);
        double[] x =
        [
            1, 2, 10, 20,
            3, 4, 30, 40,
            -1, -1, 0, 8,
            -1, -5, 0, 0,
        ];
        double[] y = new double[4];

        layer.Forward(x, y);

        Assert.Equal([2.5, 25, -2, 2], y);
    }
}
