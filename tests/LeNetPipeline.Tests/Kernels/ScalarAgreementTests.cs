using LeNetPipeline.Model;
using LeNetPipeline.Model.Kernels;
using Xunit.Abstractions;

namespace LeNetPipeline.Tests.Kernels;

public class ScalarAgreementTests(ITestOutputHelper output)
{
    [Fact]
    public void Lane_kernel_agrees_with_scalar_network()
    {
        const int N = 16;
        float[] parameters = KernelTestData.Parameters(41);
        byte[] images = KernelTestData.Images(42, N);
        byte[] labels = KernelTestData.Labels(43, N);
        var kernel = new SampleGroupKernel();
        int P = ParameterLayout.Count;
        float[] perSample = new float[N * P];
        float[] losses = new float[N];
        byte[] predictions = new byte[N];
        kernel.TrainPerSample(parameters, images, labels, N, perSample, losses, predictions);

        var scalar = new ScalarSampleNetwork();
        float[] g = new float[P];
        double worstLoss = 0;
        var worst = new Dictionary<string, double>();
        for (int s = 0; s < N; s++)
        {
            float loss = scalar.Train(parameters, images.AsSpan(s * 784, 784), labels[s], g, out byte prediction);
            worstLoss = Math.Max(worstLoss, Math.Abs(loss - losses[s]));
            Assert.Equal(prediction, predictions[s]);
            foreach (ParameterTensor t in ParameterLayout.Tensors)
            {
                double scale = 0, err = 0;
                for (int i = t.Offset; i < t.Offset + t.Length; i++)
                {
                    scale = Math.Max(scale, Math.Abs(g[i]));
                    err = Math.Max(err, Math.Abs(g[i] - perSample[s * P + i]));
                }
                worst[t.Name] = Math.Max(worst.GetValueOrDefault(t.Name), err / Math.Max(scale, 1e-30));
            }
        }
        output.WriteLine($"loss {worstLoss:E2}");
        foreach (var (name, e) in worst)
        {
            output.WriteLine($"{name}: max err / max |g| = {e:E2}");
        }
        Assert.True(worstLoss < 1e-5);
        Assert.All(worst.Values, e => Assert.True(e < 1e-4));
    }
}
