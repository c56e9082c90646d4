// Predictions of a whole split with the training kernel's forward pass (SampleGroupKernel.Evaluate): groups of 16
// spread over a given number of workers, one kernel each (a kernel holds scratch buffers, so it is never shared).
// Each sample's prediction depends on that sample alone, so the result is the same whatever the parallelism.
using LeNetPipeline.Data;
using LeNetPipeline.Model;
using LeNetPipeline.Model.Kernels;

namespace LeNetPipeline.Evaluation;

public static class KernelPredictor
{
    /// <summary>The predicted class of every image of <paramref name="images"/>, in order.</summary>
    public static byte[] Predict(float[] parameters, LabelledImages images, int parallelism, CancellationToken cancellation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        byte[] predictions = new byte[images.Count];
        int groups = (images.Count + SampleGroupKernel.GroupSize - 1) / SampleGroupKernel.GroupSize;
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellation };
        Parallel.For(0, groups, options, () => (Kernel: new SampleGroupKernel(), Losses: new float[SampleGroupKernel.GroupSize]),
            (group, _, worker) =>
            {
                int first = group * SampleGroupKernel.GroupSize;
                int count = Math.Min(SampleGroupKernel.GroupSize, images.Count - first);
                worker.Kernel.Evaluate(parameters, images.Pixels.AsSpan(first * ParameterLayout.ImagePixels), images.Labels.AsSpan(first),
                    count, worker.Losses, predictions.AsSpan(first, count));
                return worker;
            },
            _ => { });
        return predictions;
    }
}
