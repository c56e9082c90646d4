// The compute kernel alone, no pipeline: Train (or Evaluate) over full groups of 16 for a fixed time, on N threads
// at once (each its own kernel and data). Set beside the pipeline's throughput it shows what the pipeline around
// the kernel costs; run on 2 threads it shows what this machine's cores give together (shared VMs scale below 2x).
using System.Diagnostics;
using LeNetPipeline.Model;
using LeNetPipeline.Model.Kernels;

namespace LeNetPipeline.Bench.EndToEnd;

internal static class KernelOnlyLoop
{
    /// <summary>Training samples per second summed over <paramref name="threads"/> threads.</summary>
    public static double TrainSamplesPerSecond(int threads, TimeSpan duration) => SamplesPerSecond(threads, duration, train: true);

    /// <summary>Evaluation (forward only) samples per second summed over <paramref name="threads"/> threads.</summary>
    public static double EvaluateSamplesPerSecond(int threads, TimeSpan duration) => SamplesPerSecond(threads, duration, train: false);

    private static double SamplesPerSecond(int threads, TimeSpan duration, bool train)
    {
        var totals = new double[threads];
        var start = new Barrier(threads);
        Thread[] workers = [.. Enumerable.Range(0, threads).Select(t => new Thread(() => totals[t] = OneThread(start, duration, train)))];
        foreach (Thread worker in workers)
        {
            worker.Start();
        }
        foreach (Thread worker in workers)
        {
            worker.Join();
        }
        return totals.Sum();
    }

    private static double OneThread(Barrier start, TimeSpan duration, bool train)
    {
        const int group = SampleGroupKernel.GroupSize;
        var kernel = new SampleGroupKernel();
        float[] parameters = ParameterInitializer.Create(seed: 1);
        float[] gradient = new float[ParameterLayout.Mnist.Count];
        byte[] images = new byte[group * ParameterLayout.ImagePixels];
        byte[] labels = new byte[group];
        float[] losses = new float[group];
        byte[] predictions = new byte[group];
        new Random(1).NextBytes(images);
        for (int s = 0; s < group; s++)
        {
            labels[s] = (byte)(s % ParameterLayout.Mnist.Classes);
        }
        void Step()
        {
            if (train)
            {
                kernel.Train(parameters, images, labels, group, gradient, losses, predictions);
            }
            else
            {
                kernel.Evaluate(parameters, images, labels, group, losses, predictions);
            }
        }
        Step();
        start.SignalAndWait();
        long samples = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            Step();
            samples += group;
        }
        return samples / clock.Elapsed.TotalSeconds;
    }
}
