using LeNetPipeline.Model.Reference;
using LeNetPipeline.Randomness;

namespace LeNetPipeline.Tests.Model;

// ConvolutionLayer: its three gradients against central differences of Σ Y·R (R random, so dY = R), with and
// without padding, and its forward orientation and output shapes pinned by hand.
public class ConvolutionLayerTests
{
    // (C, K, H = W, padding): a C1-like single-channel layer with pad 2 and a C3-like multi-channel one with pad 0,
    // small enough that checking every element stays fast.
    public static TheoryData<int, int, int, int> Shapes => new()
    {
        { 1, 3, 8, 2 },
        { 3, 4, 7, 0 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Input_gradient_matches_central_differences(int inChannels, int outChannels, int side, int padding)
    {
        var c = new Case(inChannels, outChannels, side, padding);
        GradientCheck.AssertMatches("dX", c.Backward().dX, c.X, c.Objective);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Weight_gradient_matches_central_differences(int inChannels, int outChannels, int side, int padding)
    {
        var c = new Case(inChannels, outChannels, side, padding);
        GradientCheck.AssertMatches("dW", c.Backward().dW, c.Weights, c.Objective);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Bias_gradient_matches_central_differences(int inChannels, int outChannels, int side, int padding)
    {
        var c = new Case(inChannels, outChannels, side, padding);
        GradientCheck.AssertMatches("dB", c.Backward().dB, c.Bias, c.Objective);
    }

    [Fact]
    public void Forward_correlates_without_flipping_the_kernel_and_pads_with_zeros()
    {
        // A kernel whose only non-zero tap is its top-left one makes Y[oy,ox] = X[oy-2, ox-2] with pad 2: a flipped
        // kernel would shift the other way, and the first two rows and columns read the zero padding.
        var layer = new ConvolutionLayer(1, 1, 6, 6, padding: 2);
        double[] x = Enumerable.Range(1, 36).Select(v => (double)v).ToArray();
        double[] weights = new double[25];
        weights[0] = 1;
        double[] y = new double[36];

        layer.Forward(x, weights, [0.5], y);

        double[] expected = new double[36];
        for (int oy = 0; oy < 6; oy++)
        {
            for (int ox = 0; ox < 6; ox++)
            {
                bool inside = oy >= 2 && ox >= 2;
                expected[oy * 6 + ox] = 0.5 + (inside ? x[(oy - 2) * 6 + ox - 2] : 0);
            }
        }
        Assert.Equal(expected, y);
    }

    [Theory]
    [InlineData(1, 6, 28, 2, 6 * 28 * 28)]
    [InlineData(6, 16, 14, 0, 16 * 10 * 10)]
    [InlineData(16, 120, 5, 0, 120)]
    public void Output_of_the_LeNet_convolutions_has_the_model_s_shape(int inChannels, int outChannels, int side, int padding, int outputLength)
    {
        var layer = new ConvolutionLayer(inChannels, outChannels, side, side, padding);

        Assert.Equal(outputLength, layer.OutputLength);
    }

    private sealed class Case
    {
        private readonly ConvolutionLayer _layer;
        private readonly double[] _r;

        public Case(int inChannels, int outChannels, int side, int padding)
        {
            _layer = new ConvolutionLayer(inChannels, outChannels, side, side, padding);
            var random = new SeededRandom((ulong)(1000 * inChannels + padding));
            X = GradientCheck.Uniform(random, _layer.InputLength, -1, 1);
            Weights = GradientCheck.Uniform(random, _layer.WeightLength, -0.5, 0.5);
            Bias = GradientCheck.Uniform(random, _layer.BiasLength, -0.5, 0.5);
            _r = GradientCheck.Uniform(random, _layer.OutputLength, -1, 1);
        }

        public double[] X { get; }

        public double[] Weights { get; }

        public double[] Bias { get; }

        public double Objective()
        {
            double[] y = new double[_layer.OutputLength];
            _layer.Forward(X, Weights, Bias, y);
            return GradientCheck.Dot(y, _r);
        }

        public (double[] dX, double[] dW, double[] dB) Backward()
        {
            double[] dX = new double[_layer.InputLength];
            double[] dW = new double[_layer.WeightLength];
            double[] dB = new double[_layer.BiasLength];
            _layer.Backward(X, Weights, _r, dX, dW, dB);
            return (dX, dW, dB);
        }
    }
}
