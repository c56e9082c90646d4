// The compute kernel alone on one thread, no pipeline: Train over full groups of 16 for a fixed time. Set beside
// the pipeline's throughput it shows what the pipeline around the kernel costs.
using System.Diagnostics;
using LeNetPipeline.Model;
using LeNetPipeline.Model.Kernels;

namespace LeNetPipeline.Bench.EndToEnd;

internal static class KernelOnlyLoop
{
    public static double TrainSamplesPerSecond(TimeSpan duration)
    {
        const int group = SampleGroupKernel.GroupSize;
        var kernel = new SampleGroupKernel();
        float[] parameters = ParameterInitializer.Create(seed: 1);
        float[] gradient = new float[ParameterLayout.Count];
        byte[] images = new byte[group * ParameterLayout.ImagePixels];
        byte[] labels = new byte[group];
        float[] losses = new float[group];
        byte[] predictions = new byte[group];
        new Random(1).NextBytes(images);
        for (int s = 0; s < group; s++)
        {
            labels[s] = (byte)(s % ParameterLayout.Classes);
        }
        kernel.Train(parameters, images, labels, group, gradient, losses, predictions);
        long samples = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            kernel.Train(parameters, images, labels, group, gradient, losses, predictions);
            samples += group;
        }
        return samples / clock.Elapsed.TotalSeconds;
    }
}
