// The bit-identity promises the pipeline builds on: a group sum equals the sequential sum of per-sample gradients,
// a sample's gradient does not depend on its group, and nothing carries over from one call to the next.
using LeNetPipeline.Model;
using LeNetPipeline.Model.Kernels;

namespace LeNetPipeline.Tests.Kernels;

public class SampleGroupKernelDeterminismTests
{
    private const int N = SampleGroupKernel.GroupSize;
    private static readonly int P = ParameterLayout.Mnist.Count;

    [Theory]
    [InlineData(16)]
    [InlineData(5)]
    [InlineData(1)]
    public void Train_gradient_is_bit_identical_to_sequential_sum_of_TrainPerSample_gradients(int count)
    {
        float[] parameters = KernelTestData.Parameters(1);
        byte[] images = KernelTestData.Images(2, count);
        byte[] labels = KernelTestData.Labels(3, count);
        var kernel = new SampleGroupKernel();

        float[] gradient = new float[P];
        kernel.Train(parameters, images, labels, count, gradient, new float[count], new byte[count]);
        float[] perSample = new float[count * P];
        kernel.TrainPerSample(parameters, images, labels, count, perSample, new float[count], new byte[count]);

        float[] expected = perSample[..P];
        for (int s = 1; s < count; s++)
        {
            for (int i = 0; i < P; i++)
            {
                expected[i] += perSample[s * P + i];
            }
        }
        AssertBitIdentical(expected, gradient);
    }

    [Fact]
    public void Sample_gradient_alone_is_bit_identical_to_its_gradient_at_every_position_of_a_full_group()
    {
        float[] parameters = KernelTestData.Parameters(4);
        byte[] images = KernelTestData.Images(5, N);
        byte[] labels = KernelTestData.Labels(6, N);
        var kernel = new SampleGroupKernel();
        float[] inGroup = new float[N * P];
        float[] groupLosses = new float[N];
        byte[] groupPredictions = new byte[N];
        kernel.TrainPerSample(parameters, images, labels, N, inGroup, groupLosses, groupPredictions);

        float[] alone = new float[P];
        float[] loss = new float[1];
        byte[] prediction = new byte[1];
        for (int s = 0; s < N; s++)
        {
            kernel.TrainPerSample(parameters, images.AsSpan(s * 784, 784), labels.AsSpan(s, 1), 1, alone, loss, prediction);
            AssertBitIdentical(inGroup.AsSpan(s * P, P), alone);
            Assert.Equal(BitConverter.SingleToInt32Bits(groupLosses[s]), BitConverter.SingleToInt32Bits(loss[0]));
            Assert.Equal(groupPredictions[s], prediction[0]);
        }
    }

    [Fact]
    public void Sample_gradient_does_not_depend_on_its_position_or_neighbours_in_a_partial_group()
    {
        float[] parameters = KernelTestData.Parameters(7);
        byte[] images = KernelTestData.Images(8, N);
        byte[] labels = KernelTestData.Labels(9, N);
        var kernel = new SampleGroupKernel();
        float[] full = new float[N * P];
        kernel.TrainPerSample(parameters, images, labels, N, full, new float[N], new byte[N]);

        // Samples 11..15 of the full group, computed as a group of 5 at positions 0..4.
        float[] partial = new float[5 * P];
        kernel.TrainPerSample(parameters, images.AsSpan(11 * 784), labels.AsSpan(11), 5, partial, new float[5], new byte[5]);
        AssertBitIdentical(full.AsSpan(11 * P, 5 * P), partial);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(5)]
    public void Evaluate_losses_and_predictions_equal_Train_ones(int count)
    {
        float[] parameters = KernelTestData.Parameters(10);
        byte[] images = KernelTestData.Images(11, count);
        byte[] labels = KernelTestData.Labels(12, count);
        var kernel = new SampleGroupKernel();
        float[] trainLosses = new float[count], evaluateLosses = new float[count];
        byte[] trainPredictions = new byte[count], evaluatePredictions = new byte[count];

        kernel.Train(parameters, images, labels, count, new float[P], trainLosses, trainPredictions);
        kernel.Evaluate(parameters, images, labels, count, evaluateLosses, evaluatePredictions);

        AssertBitIdentical(trainLosses, evaluateLosses);
        Assert.Equal(trainPredictions, evaluatePredictions);
    }

    [Fact]
    public void Repeated_calls_give_identical_results_whatever_ran_before()
    {
        float[] parameters = KernelTestData.Parameters(13);
        byte[] images = KernelTestData.Images(14, N);
        byte[] labels = KernelTestData.Labels(15, N);
        var kernel = new SampleGroupKernel();
        float[] first = Fill(new float[P], float.NaN), second = Fill(new float[P], 7f);
        float[] firstLosses = new float[N], secondLosses = new float[N];
        byte[] firstPredictions = new byte[N], secondPredictions = new byte[N];

        kernel.Train(parameters, images, labels, N, first, firstLosses, firstPredictions);
        // Something different in between: another group, a partial group, an evaluation.
        kernel.Train(KernelTestData.Parameters(16), KernelTestData.Images(17, N), labels, N, new float[P], new float[N], new byte[N]);
        kernel.TrainPerSample(parameters, images, labels, 3, new float[3 * P], new float[3], new byte[3]);
        kernel.Evaluate(parameters, KernelTestData.Images(18, N), labels, N, new float[N], new byte[N]);
        kernel.Train(parameters, images, labels, N, second, secondLosses, secondPredictions);

        AssertBitIdentical(first, second);
        AssertBitIdentical(firstLosses, secondLosses);
        Assert.Equal(firstPredictions, secondPredictions);
    }

    [Fact]
    public void Partial_group_ignores_whatever_lies_beyond_count_in_the_inputs()
    {
        float[] parameters = KernelTestData.Parameters(19);
        byte[] images = KernelTestData.Images(20, N);
        byte[] labels = KernelTestData.Labels(21, N);
        byte[] otherTail = (byte[])images.Clone();
        KernelTestData.Images(22, N - 5).CopyTo(otherTail, 5 * 784);
        var kernel = new SampleGroupKernel();
        float[] a = new float[P], b = new float[P];

        kernel.Train(parameters, images, labels, 5, a, new float[N], new byte[N]);
        kernel.Train(parameters, otherTail, labels, 5, b, new float[N], new byte[N]);

        AssertBitIdentical(a, b);
    }

    [Fact]
    public void Calls_allocate_nothing_once_warm()
    {
        float[] parameters = KernelTestData.Parameters(23);
        byte[] images = KernelTestData.Images(24, N);
        byte[] labels = KernelTestData.Labels(25, N);
        var kernel = new SampleGroupKernel();
        float[] gradient = new float[P], perSample = new float[N * P], losses = new float[N];
        byte[] predictions = new byte[N];
        void Round()
        {
            kernel.Train(parameters, images, labels, N, gradient, losses, predictions);
            kernel.TrainPerSample(parameters, images, labels, 3, perSample, losses, predictions);
            kernel.Evaluate(parameters, images, labels, N, losses, predictions);
        }
        Round();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++)
        {
            Round();
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static float[] Fill(float[] values, float value)
    {
        Array.Fill(values, value);
        return values;
    }

    private static void AssertBitIdentical(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"element {i} ({Describe(i)}): expected {expected[i]:R}, got {actual[i]:R}");
            }
        }
    }

    private static string Describe(int index)
    {
        foreach (ParameterTensor tensor in ParameterLayout.Mnist.Tensors)
        {
            if (index >= tensor.Offset && index < tensor.Offset + tensor.Length)
            {
                return $"{tensor.Name}[{index - tensor.Offset}]";
            }
        }
        return "loss or beyond";
    }
}
