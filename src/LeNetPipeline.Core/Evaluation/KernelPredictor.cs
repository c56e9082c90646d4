// Predictions of a whole split with the training kernel's forward pass (SampleGroupKernel.Evaluate): groups of 16
// spread over a given number of workers, one kernel each (a kernel holds scratch buffers, so it is never shared).
// Each sample's prediction and loss depend on that sample alone and land in its own slot, so the result is the same
// whatever the parallelism and whichever worker took which group.
using LeNetPipeline.Data;
using LeNetPipeline.Model;
using LeNetPipeline.Model.Kernels;

namespace LeNetPipeline.Evaluation;

public static class KernelPredictor
{
    /// <summary>Each sample's predicted class and cross-entropy loss against its label, indexed like the split.</summary>
    public sealed record Scores(byte[] Predictions, float[] Losses);

    /// <summary>The predicted class of every image of <paramref name="images"/>, in order.</summary>
    public static byte[] Predict(float[] parameters, LabelledImages images, int parallelism, CancellationToken cancellation) =>
        Score(parameters, images, parallelism, cancellation).Predictions;

    /// <summary>The predicted class and the loss of every sample of <paramref name="images"/>, in order.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was signalled between groups.</exception>
    public static Scores Score(float[] parameters, LabelledImages images, int parallelism, CancellationToken cancellation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        ArgumentNullException.ThrowIfNull(parameters);
        ParameterLayout layout = ParameterLayout.ForCount(parameters.Length)
            ?? throw new ArgumentException($"{parameters.Length} parameters are no LeNet-5 layout's count", nameof(parameters));
        byte[] predictions = new byte[images.Count];
        float[] losses = new float[images.Count];
        int groups = (images.Count + SampleGroupKernel.GroupSize - 1) / SampleGroupKernel.GroupSize;
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellation };
        Parallel.For(0, groups, options, () => new SampleGroupKernel(layout),
            (group, _, kernel) =>
            {
                int first = group * SampleGroupKernel.GroupSize;
                int count = Math.Min(SampleGroupKernel.GroupSize, images.Count - first);
                kernel.Evaluate(parameters, images.Pixels.AsSpan(first * ParameterLayout.ImagePixels), images.Labels.AsSpan(first),
                    count, losses.AsSpan(first, count), predictions.AsSpan(first, count));
                return kernel;
            },
            _ => { });
        return new Scores(predictions, losses);
    }
}
