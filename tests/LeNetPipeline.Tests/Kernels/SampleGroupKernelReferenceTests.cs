// The float lane kernel against the double-precision ReferenceNetwork, sample by sample: loss, prediction and
// the gradient of every tensor. Tolerances (relative to the largest gradient entry of each tensor): float32
// accumulation over sums of up to 400 terms (~6e-8 relative each) and the rational tanh (within 3.3e-7 of the
// true tanh) perturb activations by a few 1e-7; through five layers that grows to ~2e-6 of the gradients' scale
// (observed), so 2e-5 leaves a factor of ten and still catches any wrong index, sign or missing term (errors of
// 1e-2 and up). With weights three times larger the logits are too, and so is their float rounding: ~8e-6
// observed, 5e-5 allowed.
using LeNetPipeline.Model;
using LeNetPipeline.Model.Kernels;
using LeNetPipeline.Model.Reference;
using Xunit.Abstractions;

namespace LeNetPipeline.Tests.Kernels;

public class SampleGroupKernelReferenceTests(ITestOutputHelper output)
{
    private const int N = SampleGroupKernel.GroupSize;
    private const double LossTolerance = 2e-5;
    private const double GradientTolerance = 2e-5;
    private const double SaturatedTolerance = 5e-5;
    private static readonly int P = ParameterLayout.Mnist.Count;

    [Theory]
    [InlineData(1.0, GradientTolerance)]
    [InlineData(3.0, SaturatedTolerance)] // larger weights drive tanh units into saturation, past the approximation's clamp
    public void TrainPerSample_matches_the_double_reference_for_every_sample_and_tensor(double weightScale, double tolerance)
    {
        float[] parameters = Scaled(KernelTestData.Parameters(51), weightScale);
        byte[] images = KernelTestData.Images(52, N);
        byte[] labels = KernelTestData.Labels(53, N);
        float[] perSample = new float[N * P];
        float[] losses = new float[N];
        byte[] predictions = new byte[N];
        new SampleGroupKernel().TrainPerSample(parameters, images, labels, N, perSample, losses, predictions);

        double[] p = Array.ConvertAll(parameters, v => (double)v);
        var worst = new Dictionary<string, double>();
        double worstLoss = 0;
        for (int s = 0; s < N; s++)
        {
            double[] image = Image(images, s);
            double[] gradient = new double[P];
            double loss = ReferenceNetwork.Backward(p, image, labels[s], gradient, []);
            double[] probabilities = ReferenceNetwork.Forward(p, image);

            worstLoss = Math.Max(worstLoss, Math.Abs(losses[s] - loss));
            Assert.True(Math.Abs(losses[s] - loss) <= tolerance, $"sample {s}: loss {losses[s]} vs reference {loss}");
            AssertPrediction(probabilities, predictions[s], s);
            foreach (ParameterTensor tensor in ParameterLayout.Mnist.Tensors)
            {
                double error = RelativeError(gradient.AsSpan(tensor.Offset, tensor.Length), perSample.AsSpan(s * P + tensor.Offset, tensor.Length));
                worst[tensor.Name] = Math.Max(worst.GetValueOrDefault(tensor.Name), error);
                Assert.True(error <= tolerance, $"sample {s}, {tensor.Name}: error {error:E2} of the tensor's largest entry");
            }
        }
        output.WriteLine($"weights x{weightScale}: loss error {worstLoss:E2}");
        foreach ((string name, double error) in worst)
        {
            output.WriteLine($"  {name}: max error / max |gradient| = {error:E2}");
        }
    }

    [Fact]
    public void Train_group_sum_matches_the_sum_of_reference_gradients()
    {
        const int Count = 11;
        float[] parameters = KernelTestData.Parameters(54);
        byte[] images = KernelTestData.Images(55, Count);
        byte[] labels = KernelTestData.Labels(56, Count);
        float[] gradient = new float[P];
        new SampleGroupKernel().Train(parameters, images, labels, Count, gradient, new float[Count], new byte[Count]);

        double[] p = Array.ConvertAll(parameters, v => (double)v);
        double[] expected = new double[P];
        double[] one = new double[P];
        for (int s = 0; s < Count; s++)
        {
            ReferenceNetwork.Backward(p, Image(images, s), labels[s], one, []);
            for (int i = 0; i < P; i++)
            {
                expected[i] += one[i];
            }
        }
        foreach (ParameterTensor tensor in ParameterLayout.Mnist.Tensors)
        {
            double error = RelativeError(expected.AsSpan(tensor.Offset, tensor.Length), gradient.AsSpan(tensor.Offset, tensor.Length));
            Assert.True(error <= GradientTolerance, $"{tensor.Name}: error {error:E2} of the tensor's largest entry");
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(26)]
    [InlineData(ParameterLayout.MaxClasses)]
    public void TrainPerSample_matches_the_double_reference_for_other_class_counts(int classes)
    {
        ParameterLayout layout = ParameterLayout.For(classes);
        int p = layout.Count;
        float[] parameters = KernelTestData.Parameters(61, layout);
        byte[] images = KernelTestData.Images(62, N);
        byte[] labels = KernelTestData.Labels(63, N, classes);
        float[] perSample = new float[N * p];
        float[] losses = new float[N];
        byte[] predictions = new byte[N];
        new SampleGroupKernel(layout).TrainPerSample(parameters, images, labels, N, perSample, losses, predictions);

        double[] reference = Array.ConvertAll(parameters, v => (double)v);
        for (int s = 0; s < N; s++)
        {
            double[] gradient = new double[p];
            double loss = ReferenceNetwork.Backward(reference, Image(images, s), labels[s], gradient, []);
            Assert.True(Math.Abs(losses[s] - loss) <= LossTolerance, $"sample {s}: loss {losses[s]} vs reference {loss}");
            AssertPrediction(ReferenceNetwork.Forward(reference, Image(images, s)), predictions[s], s);
            foreach (ParameterTensor tensor in layout.Tensors)
            {
                double error = RelativeError(gradient.AsSpan(tensor.Offset, tensor.Length), perSample.AsSpan(s * p + tensor.Offset, tensor.Length));
                Assert.True(error <= GradientTolerance, $"sample {s}, {tensor.Name}: error {error:E2} of the tensor's largest entry");
            }
        }
    }

    [Fact]
    public void A_label_beyond_the_kernels_classes_is_refused()
    {
        var kernel = new SampleGroupKernel(ParameterLayout.For(3));
        float[] parameters = KernelTestData.Parameters(64, ParameterLayout.For(3));
        ArgumentException error = Assert.Throws<ArgumentException>(() =>
            kernel.Evaluate(parameters, KernelTestData.Images(65, 1), [3], 1, new float[1], new byte[1]));
        Assert.Contains("is not a class 0..2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_losses_and_predictions_match_the_double_reference()
    {
        float[] parameters = KernelTestData.Parameters(57);
        byte[] images = KernelTestData.Images(58, N);
        byte[] labels = KernelTestData.Labels(59, N);
        float[] losses = new float[N];
        byte[] predictions = new byte[N];
        new SampleGroupKernel().Evaluate(parameters, images, labels, N, losses, predictions);

        double[] p = Array.ConvertAll(parameters, v => (double)v);
        for (int s = 0; s < N; s++)
        {
            double[] probabilities = ReferenceNetwork.Forward(p, Image(images, s));
            double loss = -Math.Log(probabilities[labels[s]]);
            Assert.True(Math.Abs(losses[s] - loss) <= LossTolerance, $"sample {s}: loss {losses[s]} vs reference {loss}");
            AssertPrediction(probabilities, predictions[s], s);
        }
    }

    private static double[] Image(byte[] images, int s) =>
        Array.ConvertAll(images[(s * ParameterLayout.ImagePixels)..((s + 1) * ParameterLayout.ImagePixels)], b => b / 255.0);

    private static float[] Scaled(float[] parameters, double scale) => Array.ConvertAll(parameters, v => (float)(v * scale));

    // The kernel's argmax must be the reference's, unless the two top classes are closer than float can tell.
    private static void AssertPrediction(double[] probabilities, byte prediction, int s)
    {
        int best = Array.IndexOf(probabilities, probabilities.Max());
        if (prediction != best)
        {
            Assert.True(Math.Abs(probabilities[prediction] - probabilities[best]) < 1e-6,
                $"sample {s}: predicted {prediction}, reference {best}");
        }
    }

    private static double RelativeError(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual)
    {
        double scale = 0, error = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(expected[i]));
            error = Math.Max(error, Math.Abs(actual[i] - expected[i]));
        }
        return error / Math.Max(scale, 1e-30);
    }
}
