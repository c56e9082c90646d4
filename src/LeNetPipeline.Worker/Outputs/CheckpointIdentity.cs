// The settings a checkpoint only makes sense with: they fix the batches, their order and augmentation, and the
// optimizer's state. Resuming under different ones would silently train something else, so it is refused.
using LeNetPipeline.Worker.Options;

namespace LeNetPipeline.Worker.Outputs;

public sealed record CheckpointIdentity(
    string Dataset,
    int TrainLimit,
    int BatchSize,
    ulong Seed,
    bool Shuffle,
    int MaxShift,
    double LearningRate,
    double Momentum,
    double WeightDecay,
    double LearningRateDropFactor,
    int[] LearningRateDropEpochs)
{
    public static readonly string[] Datasets = ["mnist", "fashion-mnist"];

    public static CheckpointIdentity Of(DataOptions data, TrainingOptions training) => new(
        data.Dataset, data.TrainLimit, training.BatchSize, training.Seed, training.Shuffle, training.MaxShift,
        training.LearningRate, training.Momentum, training.WeightDecay, training.LearningRateDropFactor,
        training.LearningRateDropEpochs);

    /// <summary>Throws, naming every setting that differs, when this checkpoint cannot continue <paramref name="run"/>.</summary>
    public void EnsureMatches(CheckpointIdentity run, string checkpointPath)
    {
        IReadOnlyList<string> differences = DifferencesFrom(run);
        if (differences.Count > 0)
        {
            throw new InvalidInputException($"checkpoint {checkpointPath} was written with other settings: {string.Join("; ", differences)}");
        }
    }

    /// <summary>Each setting of <paramref name="run"/> that differs from this checkpoint's, as "key is now but the
    /// checkpoint has saved", in the order of the settings file.</summary>
    public IReadOnlyList<string> DifferencesFrom(CheckpointIdentity run)
    {
        List<string> differences = [];
        void Compare<T>(string key, T saved, T now)
        {
            if (!EqualityComparer<T>.Default.Equals(saved, now))
            {
                differences.Add($"{key} is {now} but the checkpoint has {saved}");
            }
        }
        Compare("Data:Dataset", Dataset, run.Dataset);
        Compare("Data:TrainLimit", TrainLimit, run.TrainLimit);
        Compare("Training:BatchSize", BatchSize, run.BatchSize);
        Compare("Training:Seed", Seed, run.Seed);
        Compare("Training:Shuffle", Shuffle, run.Shuffle);
        Compare("Training:MaxShift", MaxShift, run.MaxShift);
        Compare("Training:LearningRate", LearningRate, run.LearningRate);
        Compare("Training:Momentum", Momentum, run.Momentum);
        Compare("Training:WeightDecay", WeightDecay, run.WeightDecay);
        Compare("Training:LearningRateDropFactor", LearningRateDropFactor, run.LearningRateDropFactor);
        Compare("Training:LearningRateDropEpochs", string.Join(' ', LearningRateDropEpochs), string.Join(' ', run.LearningRateDropEpochs));
        return differences;
    }
}
