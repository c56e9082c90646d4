// Where a run stands: the position in the epoch stream, the update count, the running sums of the current epoch
// and the finished epochs' metrics. Owned and changed by the optimizer only; saved whole in checkpoints.
namespace LeNetPipeline.Worker.Pipeline;

public sealed class TrainingState
{
    /// <summary>The epoch being trained (1-based).</summary>
    public int Epoch { get; set; } = 1;

    /// <summary>The next batch of <see cref="Epoch"/> to train; equal to the batch count once only evaluation remains.</summary>
    public int NextBatch { get; set; }

    /// <summary>Optimizer updates applied so far: the weights' version.</summary>
    public long Step { get; set; }

    public double EpochLossSum { get; set; }

    public long EpochCorrect { get; set; }

    public long EpochSamples { get; set; }

    /// <summary>Seconds spent in the current epoch before an interruption, so a resumed epoch reports its whole time.</summary>
    public double EpochSecondsBefore { get; set; }

    public List<EpochMetrics> Completed { get; set; } = [];

    /// <summary>True when this position counts epochs of <paramref name="batchesPerEpoch"/> batches, as every
    /// position a run reaches does: a checkpoint's must, to continue on the data loaded now.</summary>
    public bool FitsEpochsOf(int batchesPerEpoch) =>
        NextBatch <= batchesPerEpoch && Step == ((long)(Epoch - 1) * batchesPerEpoch) + NextBatch;

    public void AddBatch(double lossSum, int correct, int samples)
    {
        EpochLossSum += lossSum;
        EpochCorrect += correct;
        EpochSamples += samples;
        NextBatch++;
        Step++;
    }

    public EpochMetrics CompleteEpoch(double testLoss, double testAccuracy, double learningRate, double seconds, double workingSetMegabytes)
    {
        var row = new EpochMetrics(
            Epoch,
            EpochSamples == 0 ? double.NaN : EpochLossSum / EpochSamples,
            EpochSamples == 0 ? double.NaN : (double)EpochCorrect / EpochSamples,
            testLoss,
            testAccuracy,
            learningRate,
            EpochSecondsBefore + seconds,
            workingSetMegabytes);
        Completed.Add(row);
        Epoch++;
        NextBatch = 0;
        EpochLossSum = 0;
        EpochCorrect = 0;
        EpochSamples = 0;
        EpochSecondsBefore = 0;
        return row;
    }
}
