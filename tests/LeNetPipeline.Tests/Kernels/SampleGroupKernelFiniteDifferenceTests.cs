// Whole-network finite-difference check of the float kernel itself: Train's gradient against central differences
// of Evaluate's losses (4 samples), for the largest and for random entries of every tensor. The step h = 2^-7
// balances the two float-sized errors of a central difference: truncation h^2/6 |d3L/dp3| (~2e-4 here) and the
// rounding of the float losses, ~1e-6 over 2h (~1e-4). Allowed: 1e-3 + 1e-2 |numeric|, several times what is
// observed and far below what a wrong index, sign or missing term gives.
using LeNetPipeline.Model;
using LeNetPipeline.Model.Kernels;
using LeNetPipeline.Randomness;
using Xunit.Abstractions;

namespace LeNetPipeline.Tests.Kernels;

public class SampleGroupKernelFiniteDifferenceTests(ITestOutputHelper output)
{
    // A power of two, so θ±h is exact for the parameters' magnitudes here and the step is exactly 2h.
    private const float Step = 1f / 128;
    private const int Count = 4;

    [Theory]
    [InlineData(10)]
    [InlineData(2)]
    [InlineData(26)]
    [InlineData(ParameterLayout.MaxClasses)]
    public void Train_gradient_matches_central_differences_of_Evaluate_loss_for_every_tensor(int classes)
    {
        ParameterLayout layout = ParameterLayout.For(classes);
        float[] parameters = KernelTestData.Parameters(31, layout);
        byte[] images = KernelTestData.Images(32, Count);
        byte[] labels = KernelTestData.Labels(33, Count, classes);
        var kernel = new SampleGroupKernel(layout);
        float[] gradient = new float[layout.Count];
        kernel.Train(parameters, images, labels, Count, gradient, new float[Count], new byte[Count]);

        var random = new SeededRandom(34);
        double worst = 0;
        foreach (ParameterTensor tensor in layout.Tensors)
        {
            foreach (int index in Probes(tensor, gradient, random))
            {
                float saved = parameters[index];
                parameters[index] = saved + Step;
                double plus = TotalLoss(kernel, parameters, images, labels);
                parameters[index] = saved - Step;
                double minus = TotalLoss(kernel, parameters, images, labels);
                parameters[index] = saved;
                double numeric = (plus - minus) / (2.0 * Step);
                double error = Math.Abs(numeric - gradient[index]);
                double allowed = 1e-3 + 1e-2 * Math.Abs(numeric);
                worst = Math.Max(worst, error / allowed);
                output.WriteLine($"{tensor.Name}[{index - tensor.Offset}]: analytic {gradient[index]:E4} numeric {numeric:E4} error {error:E2}");
                Assert.True(error <= allowed, $"{tensor.Name}[{index - tensor.Offset}]: analytic {gradient[index]} numeric {numeric}");
            }
        }
        output.WriteLine($"worst error / allowed = {worst:F3}");
    }

    private static double TotalLoss(SampleGroupKernel kernel, float[] parameters, byte[] images, byte[] labels)
    {
        float[] losses = new float[Count];
        kernel.Evaluate(parameters, images, labels, Count, losses, new byte[Count]);
        double total = 0;
        foreach (float loss in losses)
        {
            total += loss;
        }
        return total;
    }

    // The three largest-gradient entries (where a wrong formula shows most) and three random ones.
    private static IEnumerable<int> Probes(ParameterTensor tensor, float[] gradient, SeededRandom random)
    {
        IEnumerable<int> largest = Enumerable.Range(tensor.Offset, tensor.Length)
            .OrderByDescending(i => Math.Abs(gradient[i])).Take(3);
        IEnumerable<int> randomOnes = Enumerable.Range(0, 3).Select(_ => tensor.Offset + random.NextInt(tensor.Length));
        return largest.Concat(randomOnes).Distinct();
    }
}
