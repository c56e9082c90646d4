// Settings of section "Training": the optimisation itself (SGD, schedule, augmentation, seed).
using Microsoft.Extensions.Options;

namespace LeNetPipeline.Worker.Options;

public sealed class TrainingOptions
{
    public const string Section = "Training";

    public int Epochs { get; set; } = 15;

    public int BatchSize { get; set; } = 64;

    public double LearningRate { get; set; } = 0.01;

    public double Momentum { get; set; } = 0.9;

    public double WeightDecay { get; set; }

    /// <summary>Epoch numbers after which the learning rate is multiplied by LearningRateDropFactor.</summary>
    public int[] LearningRateDropEpochs { get; set; } = [];

    public double LearningRateDropFactor { get; set; } = 0.1;

    public ulong Seed { get; set; } = 1;

    public bool Shuffle { get; set; } = true;

    /// <summary>
    /// A batch's mean loss above this means training has exploded (chance level is ln 10 = 2.3); the run stops
    /// rather than carry on. NaN or infinity in the loss or the weights always stops it.
    /// </summary>
    public double DivergenceLoss { get; set; } = 50;

    /// <summary>Largest random shift, in pixels, applied to each training image (0 = no augmentation).</summary>
    public int MaxShift { get; set; }

    /// <summary>Learning rate for an epoch (1-based), after the drops that came before it.</summary>
    public double LearningRateAt(int epoch)
    {
        double rate = LearningRate;
        foreach (int drop in LearningRateDropEpochs)
        {
            if (epoch > drop)
            {
                rate *= LearningRateDropFactor;
            }
        }
        return rate;
    }
}
