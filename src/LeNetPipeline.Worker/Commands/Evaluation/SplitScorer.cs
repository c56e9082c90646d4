// Scores every sample of a split with the fast forward pass (SampleGroupKernel.Evaluate), in fixed groups of 16
// spread over the compute workers. Invariant: sample i's loss and prediction land in slot i and depend only on the
// weights and image i, so the result is the same whatever the parallelism and whichever worker took which group.
using LeNetPipeline.Data;
using LeNetPipeline.Model;
using LeNetPipeline.Model.Kernels;

namespace LeNetPipeline.Worker.Commands.Evaluation;

internal static class SplitScorer
{
    /// <summary>Each sample's cross-entropy loss and predicted class, indexed like the split.</summary>
    public sealed record Scores(float[] Losses, byte[] Predictions);

    /// <exception cref="OperationCanceledException"><paramref name="stop"/> was signalled between groups.</exception>
    public static Scores Score(float[] parameters, LabelledImages split, int parallelism, CancellationToken stop)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var losses = new float[split.Count];
        var predictions = new byte[split.Count];
        int groups = (split.Count + SampleGroupKernel.GroupSize - 1) / SampleGroupKernel.GroupSize;
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = stop };

        // One kernel per worker: a kernel owns its workspace and is not thread-safe.
        Parallel.For(0, groups, options, () => new SampleGroupKernel(), (group, _, kernel) =>
        {
            int first = group * SampleGroupKernel.GroupSize;
            int count = Math.Min(SampleGroupKernel.GroupSize, split.Count - first);
            kernel.Evaluate(parameters,
                split.Pixels.AsSpan(first * ParameterLayout.ImagePixels, count * ParameterLayout.ImagePixels),
                split.Labels.AsSpan(first, count), count,
                losses.AsSpan(first, count), predictions.AsSpan(first, count));
            return kernel;
        }, _ => { });
        return new Scores(losses, predictions);
    }
}
