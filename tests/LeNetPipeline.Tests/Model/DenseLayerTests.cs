using LeNetPipeline.Model.Reference;
using LeNetPipeline.Randomness;

namespace LeNetPipeline.Tests.Model;

// DenseLayer: its three gradients against central differences of Σ Y·R (R random, so dY = R), and the (out,in)
// orientation of its weights by hand.
public class DenseLayerTests
{
    [Fact]
    public void Input_gradient_matches_central_differences()
    {
        var c = new Case();
        GradientCheck.AssertMatches("dX", c.Backward().dX, c.X, c.Objective);
    }

    [Fact]
    public void Weight_gradient_matches_central_differences()
    {
        var c = new Case();
        GradientCheck.AssertMatches("dW", c.Backward().dW, c.Weights, c.Objective);
    }

    [Fact]
    public void Bias_gradient_matches_central_differences()
    {
        var c = new Case();
        GradientCheck.AssertMatches("dB", c.Backward().dB, c.Bias, c.Objective);
    }

    [Fact]
    public void Forward_reads_weights_as_out_by_in_rows()
    {
        var layer = new DenseLayer(inFeatures: 3, outFeatures: 2);
        double[] y = new double[2];

        layer.Forward([1, 1, 2], [1, 2, 3, 4, 5, 6], [0.5, -1], y);

        Assert.Equal([9.5, 20], y);
    }

    private sealed class Case
    {
        private readonly DenseLayer _layer = new(inFeatures: 12, outFeatures: 7);
        private readonly double[] _r;

        public Case()
        {
            var random = new SeededRandom(31);
            X = GradientCheck.Uniform(random, _layer.InFeatures, -1, 1);
            Weights = GradientCheck.Uniform(random, _layer.WeightLength, -0.5, 0.5);
            Bias = GradientCheck.Uniform(random, _layer.OutFeatures, -0.5, 0.5);
            _r = GradientCheck.Uniform(random, _layer.OutFeatures, -1, 1);
        }

        public double[] X { get; }

        public double[] Weights { get; }

        public double[] Bias { get; }

        public double Objective()
        {
            double[] y = new double[_layer.OutFeatures];
            _layer.Forward(X, Weights, Bias, y);
            return GradientCheck.Dot(y, _r);
        }

        public (double[] dX, double[] dW, double[] dB) Backward()
        {
            double[] dX = new double[_layer.InFeatures];
            double[] dW = new double[_layer.WeightLength];
            double[] dB = new double[_layer.OutFeatures];
            _layer.Backward(X, Weights, _r, dX, dW, dB);
            return (dX, dW, dB);
        }
    }
}
