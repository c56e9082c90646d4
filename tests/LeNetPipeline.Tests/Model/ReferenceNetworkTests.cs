using LeNetPipeline.Model;
using LeNetPipeline.Model.Reference;
using LeNetPipeline.Randomness;

namespace LeNetPipeline.Tests.Model;

// ReferenceNetwork's contract beyond the gradient values: what Forward returns, what Backward returns, and that
// Backward overwrites its buffers rather than adding to them.
public class ReferenceNetworkTests
{
    private const int Label = 5;

    private readonly double[] _parameters = Array.ConvertAll(ParameterInitializer.Create(11), w => (double)w);
    private readonly double[] _image = GradientCheck.Uniform(new SeededRandom(41), ParameterLayout.ImagePixels, 0, 1);

    [Fact]
    public void Forward_returns_ten_probabilities_that_sum_to_one()
    {
        double[] probabilities = ReferenceNetwork.Forward(_parameters, _image);

        Assert.Equal(ParameterLayout.Mnist.Classes, probabilities.Length);
        Assert.Equal(1.0, probabilities.Sum(), 14);
    }

    [Fact]
    public void Backward_returns_the_natural_log_cross_entropy_of_the_labels_forward_probability()
    {
        double expected = -Math.Log(ReferenceNetwork.Forward(_parameters, _image)[Label]);

        double loss = ReferenceNetwork.Backward(_parameters, _image, Label, new double[ParameterLayout.Mnist.Count], []);

        Assert.Equal(expected, loss, 12);
    }

    [Fact]
    public void Backward_overwrites_the_gradient_and_input_gradient_buffers()
    {
        double[] fromZero = new double[ParameterLayout.Mnist.Count];
        double[] inputFromZero = new double[ParameterLayout.ImagePixels];
        double[] fromGarbage = Enumerable.Repeat(double.NaN, ParameterLayout.Mnist.Count).ToArray();
        double[] inputFromGarbage = Enumerable.Repeat(double.NaN, ParameterLayout.ImagePixels).ToArray();

        ReferenceNetwork.Backward(_parameters, _image, Label, fromZero, inputFromZero);
        ReferenceNetwork.Backward(_parameters, _image, Label, fromGarbage, inputFromGarbage);

        Assert.Equal(fromZero.Concat(inputFromZero), fromGarbage.Concat(inputFromGarbage));
    }

    [Fact]
    public void Backward_without_an_input_gradient_gives_the_same_parameter_gradient()
    {
        double[] withInput = new double[ParameterLayout.Mnist.Count];
        double[] withoutInput = new double[ParameterLayout.Mnist.Count];

        ReferenceNetwork.Backward(_parameters, _image, Label, withInput, new double[ParameterLayout.ImagePixels]);
        ReferenceNetwork.Backward(_parameters, _image, Label, withoutInput, []);

        Assert.Equal(withInput, withoutInput);
    }
}
