// The pipeline opens the convolution weights of an update before the dense ones (WeightStore): the kernel must read
// no C5, F6 or output weight before BeforeDenseLayers returns, and nothing of C1 or C3 after it.
using LeNetPipeline.Model;
using LeNetPipeline.Model.Kernels;

namespace LeNetPipeline.Tests.Kernels;

public class SampleGroupKernelDenseGateTests
{
    private const int N = SampleGroupKernel.GroupSize;
    private static readonly int P = ParameterLayout.Mnist.Count;
    private static readonly int DenseStart = ParameterLayout.Mnist.C5Kernel.Offset;

    [Fact]
    public void Dense_weights_written_while_the_kernel_waits_before_the_dense_layers_are_the_ones_it_trains_with()
    {
        (float[] stale, float[] updated) = StaleAndUpdatedDenseWeights();
        byte[] images = KernelTestData.Images(2, N);
        byte[] labels = KernelTestData.Labels(3, N);
        float[] expected = new float[P], expectedLosses = new float[N];
        new SampleGroupKernel().Train(updated, images, labels, N, expected, expectedLosses, new byte[N]);

        int waits = 0;
        var gated = new SampleGroupKernel
        {
            BeforeDenseLayers = () =>
            {
                waits++;
                updated.AsSpan(DenseStart).CopyTo(stale.AsSpan(DenseStart));
            },
        };
        float[] gradient = new float[P], losses = new float[N];
        gated.Train(stale, images, labels, N, gradient, losses, new byte[N]);

        Assert.True(waits >= 1);
        Assert.Equal(expected, gradient);
        Assert.Equal(expectedLosses, losses);
    }

    [Fact]
    public void Evaluation_waits_before_the_dense_layers_too()
    {
        (float[] stale, float[] updated) = StaleAndUpdatedDenseWeights();
        byte[] images = KernelTestData.Images(4, N);
        byte[] labels = KernelTestData.Labels(5, N);
        float[] expectedLosses = new float[N];
        new SampleGroupKernel().Evaluate(updated, images, labels, N, expectedLosses, new byte[N]);

        var gated = new SampleGroupKernel { BeforeDenseLayers = () => updated.AsSpan(DenseStart).CopyTo(stale.AsSpan(DenseStart)) };
        float[] losses = new float[N];
        gated.Evaluate(stale, images, labels, N, losses, new byte[N]);

        Assert.Equal(expectedLosses, losses);
    }

    // The same convolution weights; different dense weights, as before and after an update's dense part.
    private static (float[] Stale, float[] Updated) StaleAndUpdatedDenseWeights()
    {
        float[] stale = KernelTestData.Parameters(1);
        float[] updated = KernelTestData.Parameters(7);
        stale.AsSpan(0, DenseStart).CopyTo(updated);
        Assert.NotEqual(stale.AsSpan(DenseStart).ToArray(), updated.AsSpan(DenseStart).ToArray());
        return (stale, updated);
    }
}
