// The resume checkpoint: weights, momentum buffer, position in the epoch stream, the epoch's running sums, the
// finished epochs' metrics, and the settings it must be resumed with, as float/int arrays in one .npz, and the
// class names (a numpy unicode array; a checkpoint without one has its data set's catalogue classes).
using LeNetPipeline.Data;
// The seed is the whole random state: every stream is keyed by (seed, purpose, epoch, batch), never by history.
using LeNetPipeline.Model;
using LeNetPipeline.Weights;
using LeNetPipeline.Worker.Pipeline;

namespace LeNetPipeline.Worker.Outputs;

internal sealed class TrainingCheckpoint(CheckpointIdentity identity, TrainingState state, float[] parameters, float[] velocity)
{
    /// <summary>Bumped whenever the layout changes; a reader refuses versions it does not know.</summary>
    public const long FormatVersion = 1;

    private const int MetricsColumns = 8;

    public CheckpointIdentity Identity { get; } = identity;

    public TrainingState State { get; } = state;

    public float[] Parameters { get; } = parameters;

    public float[] Velocity { get; } = velocity;

    public void Write(string path)
    {
        using NpzWriter npz = NpzWriter.Create(path);
        npz.Add("format_version", [1], [FormatVersion]);
        npz.Add("parameters", [Parameters.Length], Parameters);
        npz.Add("velocity", [Velocity.Length], Velocity);
        npz.Add("position", [5], [State.Epoch, State.NextBatch, State.Step, State.EpochSamples, State.EpochCorrect]);
        npz.Add("epoch_sums", [2], [State.EpochLossSum, State.EpochSecondsBefore]);
        double[] metrics = State.Completed
            .SelectMany(m => new[] { m.Epoch, m.TrainLoss, m.TrainAccuracy, m.TestLoss, m.TestAccuracy, m.LearningRate, m.Seconds, m.WorkingSetMegabytes })
            .ToArray();
        npz.Add("metrics", [State.Completed.Count, MetricsColumns], metrics);
        npz.Add("identity_integers", [5], [Array.IndexOf(CheckpointIdentity.Datasets, Identity.Dataset), Identity.TrainLimit, Identity.BatchSize, Identity.Shuffle ? 1L : 0L, Identity.MaxShift]);
        npz.Add("identity_seed", [1], [Identity.Seed]);
        npz.Add("identity_reals", [4], [Identity.LearningRate, Identity.Momentum, Identity.WeightDecay, Identity.LearningRateDropFactor]);
        npz.Add("identity_drop_epochs", [Identity.LearningRateDropEpochs.Length], Identity.LearningRateDropEpochs.Select(e => (long)e).ToArray());
        npz.AddUnicode(WeightsFile.ClassNamesArray, Identity.Classes.Names);
        npz.Commit();
    }

    public static TrainingCheckpoint Read(string path)
    {
        using NpzReader npz = NpzReader.Open(path);
        long version = npz.ReadInt64("format_version", [1])[0];
        if (version != FormatVersion)
        {
            throw npz.Error("format_version", $"checkpoint format version {version} is not supported (this program reads version {FormatVersion})");
        }
        int count = npz.Header("parameters").Shape is [int length] ? length : ParameterLayout.Mnist.Count;
        if (ParameterLayout.ForCount(count) is null)
        {
            throw npz.Error("parameters", $"{count} parameters are no LeNet-5 layout's count (61706 for ten classes)");
        }
        float[] parameters = npz.ReadFloat32("parameters", [count]);
        float[] velocity = npz.ReadFloat32("velocity", [count]);
        foreach ((string name, float[] values) in new[] { ("parameters", parameters), ("velocity", velocity) })
        {
            int bad = Array.FindIndex(values, v => !float.IsFinite(v));
            if (bad >= 0)
            {
                throw npz.Error(name, $"element {bad} is {values[bad]}, not a finite number");
            }
        }
        long[] position = npz.ReadInt64("position", [5]);
        double[] sums = npz.ReadFloat64("epoch_sums", [2]);
        int rows = npz.Header("metrics").Shape[0];
        double[] metrics = npz.ReadFloat64("metrics", [rows, MetricsColumns]);
        long[] integers = npz.ReadInt64("identity_integers", [5]);
        ulong seed = npz.ReadUInt64("identity_seed", [1])[0];
        double[] reals = npz.ReadFloat64("identity_reals", [4]);
        int drops = npz.Header("identity_drop_epochs").Shape[0];
        long[] dropEpochs = npz.ReadInt64("identity_drop_epochs", [drops]);
        if (integers[0] < 0 || integers[0] >= CheckpointIdentity.Datasets.Length)
        {
            throw npz.Error("identity_integers", $"unknown data set code {integers[0]}");
        }
        if (position[0] < 1 || position[1] < 0 || position[2] < 0 || position[3] < 0 || position[4] < 0 || position[4] > position[3])
        {
            throw npz.Error("position", "the position in training is not a valid one");
        }

        var identity = new CheckpointIdentity(
            CheckpointIdentity.Datasets[integers[0]], (int)integers[1], (int)integers[2], seed, integers[3] != 0, (int)integers[4],
            reals[0], reals[1], reals[2], reals[3], dropEpochs.Select(e => (int)e).ToArray(),
            ReadClasses(npz, CheckpointIdentity.Datasets[integers[0]], ParameterLayout.ForCount(count)!));
        var state = new TrainingState
        {
            Epoch = (int)position[0],
            NextBatch = (int)position[1],
            Step = position[2],
            EpochSamples = position[3],
            EpochCorrect = position[4],
            EpochLossSum = sums[0],
            EpochSecondsBefore = sums[1],
        };
        for (int row = 0; row < rows; row++)
        {
            ReadOnlySpan<double> m = metrics.AsSpan(row * MetricsColumns, MetricsColumns);
            state.Completed.Add(new EpochMetrics((int)m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7]));
        }
        return new TrainingCheckpoint(identity, state, parameters, velocity);
    }

    private static ClassSet ReadClasses(NpzReader npz, string dataset, ParameterLayout layout)
    {
        if (!npz.Contains(WeightsFile.ClassNamesArray))
        {
            return dataset == DatasetCatalogue.FashionMnist.Name ? ClassSet.Garments : ClassSet.Digits;
        }
        string[] names = npz.ReadUnicode(WeightsFile.ClassNamesArray);
        if (names.Length != layout.Classes || names.Any(string.IsNullOrEmpty) || names.Distinct(StringComparer.Ordinal).Count() != names.Length)
        {
            throw npz.Error(WeightsFile.ClassNamesArray, $"{names.Length} names do not name the {layout.Classes} distinct classes of the parameters");
        }
        return new ClassSet(names);
    }
}
