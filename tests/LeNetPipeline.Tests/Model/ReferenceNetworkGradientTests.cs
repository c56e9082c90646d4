using LeNetPipeline.Model;
using LeNetPipeline.Model.Reference;
using LeNetPipeline.Randomness;

namespace LeNetPipeline.Tests.Model;

// The whole network's Backward against central differences of its loss, for every parameter tensor and the image.
// Weights are the notebook's initialisation (which keeps tanh and sigmoid out of saturation) with random biases,
// so that a bias mixed up in the forward pass shows too; the image is uniform noise, so every pixel matters.
public class ReferenceNetworkGradientTests
{
    private const int Label = 3;

    // Tensors up to this size are checked element by element; larger ones on a random sample of this many.
    private const int ElementsChecked = 1000;
    private const int SampledElements = 300;

    private readonly double[] _parameters;
    private readonly double[] _image;
    private readonly double[] _gradient = new double[ParameterLayout.Mnist.Count];
    private readonly double[] _inputGradient = new double[ParameterLayout.ImagePixels];

    public ReferenceNetworkGradientTests()
    {
        var random = new SeededRandom(20240611);
        _parameters = Array.ConvertAll(ParameterInitializer.Create(7), w => (double)w);
        foreach (ParameterTensor tensor in ParameterLayout.Mnist.Tensors.Where(t => t.Shape.Length == 1))
        {
            GradientCheck.Uniform(random, tensor.Length, -0.1, 0.1).CopyTo(_parameters, tensor.Offset);
        }
        _image = GradientCheck.Uniform(random, ParameterLayout.ImagePixels, 0, 1);
        ReferenceNetwork.Backward(_parameters, _image, Label, _gradient, _inputGradient);
    }

    [Theory]
    [InlineData("c1_kernel")]
    [InlineData("c1_bias")]
    [InlineData("c3_kernel")]
    [InlineData("c3_bias")]
    [InlineData("c5_kernel")]
    [InlineData("c5_bias")]
    [InlineData("f6_weights")]
    [InlineData("f6_bias")]
    [InlineData("out_weights")]
    [InlineData("out_bias")]
    public void Parameter_gradient_matches_central_differences_of_the_loss(string name)
    {
        ParameterTensor tensor = ParameterLayout.Mnist.Find(name)!;
        int[] indices = tensor.Length <= ElementsChecked
            ? Enumerable.Range(tensor.Offset, tensor.Length).ToArray()
            : GradientCheck.SampleIndices(new SeededRandom((ulong)tensor.Offset), tensor.Length, SampledElements)
                .Select(i => tensor.Offset + i).ToArray();

        GradientCheck.AssertMatches(name, _gradient, _parameters, indices, Loss);
    }

    [Fact]
    public void Input_gradient_matches_central_differences_of_the_loss()
    {
        GradientCheck.AssertMatches("image", _inputGradient, _image, Loss);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(26, 25)]
    public void Output_layer_gradients_match_central_differences_for_other_class_counts(int classes, int label)
    {
        var random = new SeededRandom(20240612);
        ParameterLayout layout = ParameterLayout.For(classes);
        double[] parameters = Array.ConvertAll(ParameterInitializer.Create(7, layout), w => (double)w);
        foreach (ParameterTensor tensor in layout.Tensors.Where(t => t.Shape.Length == 1))
        {
            GradientCheck.Uniform(random, tensor.Length, -0.1, 0.1).CopyTo(parameters, tensor.Offset);
        }
        double[] gradient = new double[layout.Count];
        ReferenceNetwork.Backward(parameters, _image, label, gradient, []);
        foreach (ParameterTensor tensor in new[] { layout.OutWeights, layout.OutBias, layout.F6Bias, layout.C1Bias })
        {
            int[] indices = Enumerable.Range(tensor.Offset, tensor.Length).ToArray();
            GradientCheck.AssertMatches(tensor.Name, gradient, parameters, indices, () => ReferenceNetwork.Loss(parameters, _image, label));
        }
    }

    private double Loss() => ReferenceNetwork.Loss(_parameters, _image, Label);
}
