// Training as one plain synchronous loop, to read top to bottom: per epoch the seeded order, per batch the groups
// of 16 through the kernel, their gradients summed in group order, one SGD step. The pipeline computes exactly
// this, in parallel, and ends with the same bits (docs/architecture.md, The same bits for any parallelism).
using System.Numerics.Tensors;
using LeNetPipeline.Data;
using LeNetPipeline.Model;
using LeNetPipeline.Model.Kernels;
using LeNetPipeline.Randomness;

namespace LeNetPipeline.Training;

public sealed class PlainTrainingLoop
{
    private const int Group = SampleGroupKernel.GroupSize;

    private readonly byte[] _images = new byte[Group * ParameterLayout.ImagePixels];
    private readonly byte[] _labels = new byte[Group];
    private readonly float[] _losses = new float[Group];
    private readonly byte[] _predictions = new byte[Group];

    public int BatchSize { get; init; } = 64;

    public ulong Seed { get; init; } = 1;

    public bool Shuffle { get; init; } = true;

    /// <summary>Largest random shift of a training image, in pixels (0: no augmentation).</summary>
    public int MaxShift { get; init; }

    /// <summary>The learning rate of an epoch (1-based).</summary>
    public Func<int, double> LearningRateAt { get; init; } = _ => 0.01;

    public double Momentum { get; init; } = 0.9;

    public double WeightDecay { get; init; }

    /// <summary>
    /// Trains <paramref name="weights"/> in place for epochs 1 to <paramref name="epochs"/>; after each epoch,
    /// when a test set is given, reports the epoch and its test accuracy.
    /// </summary>
    public void Train(float[] weights, SgdMomentum sgd, LabelledImages train, int epochs, LabelledImages? test = null, Action<int, double>? epochEvaluated = null)
    {
        SampleGroupKernel kernel = KernelFor(weights);
        float[] batchGradient = new float[weights.Length];
        float[] groupGradient = new float[weights.Length];
        SeededRandom? shifts = MaxShift > 0 ? new SeededRandom(0) : null;
        int batches = EpochSchedule.BatchesPerEpoch(train.Count, BatchSize);

        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            int[] order = EpochSchedule.OrderFor(train.Count, epoch, Seed, Shuffle);
            float learningRate = (float)LearningRateAt(epoch);
            for (int batch = 0; batch < batches; batch++)
            {
                int start = batch * BatchSize;
                int count = Math.Min(BatchSize, train.Count - start);
                if (shifts is not null)
                {
                    EpochSchedule.RestartShifts(shifts, Seed, epoch, batch);
                }

                // The batch's gradient: the group sums, added in group order to a zeroed buffer.
                Array.Clear(batchGradient);
                for (int group = 0; group < count; group += Group)
                {
                    int n = Math.Min(Group, count - group);
                    EpochSchedule.Gather(train, order.AsSpan(start + group, n), _images, _labels, shifts, MaxShift);
                    kernel.Train(weights, _images, _labels, n, groupGradient, _losses, _predictions);
                    TensorPrimitives.Add(batchGradient, groupGradient, batchGradient);
                }

                if (!sgd.Step(weights, batchGradient, count, learningRate, (float)Momentum, (float)WeightDecay))
                {
                    throw new InvalidOperationException($"training diverged at epoch {epoch}, batch {batch + 1}");
                }
            }
            if (test is not null)
            {
                epochEvaluated?.Invoke(epoch, Evaluate(weights, test));
            }
        }
    }

    /// <summary>The fraction of <paramref name="test"/> the weights classify correctly.</summary>
    public double Evaluate(float[] weights, LabelledImages test)
    {
        SampleGroupKernel kernel = KernelFor(weights);
        int correct = 0;
        for (int start = 0; start < test.Count; start += Group)
        {
            int n = Math.Min(Group, test.Count - start);
            kernel.Evaluate(weights, test.Pixels.AsSpan(start * ParameterLayout.ImagePixels, n * ParameterLayout.ImagePixels),
                test.Labels.AsSpan(start, n), n, _losses, _predictions);
            for (int s = 0; s < n; s++)
            {
                correct += _predictions[s] == test.Labels[start + s] ? 1 : 0;
            }
        }
        return correct / (double)Math.Max(1, test.Count);
    }

    // The weights' length says how many classes the output layer has.
    private static SampleGroupKernel KernelFor(float[] weights) =>
        new(ParameterLayout.ForCount(weights.Length)
            ?? throw new ArgumentException($"{weights.Length} weights are no LeNet-5 parameter vector", nameof(weights)));
}
