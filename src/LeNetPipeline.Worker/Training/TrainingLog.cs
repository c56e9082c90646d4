// The training run's log lines, source-generated so structured sinks (the JSON console) get each figure as a field.
using Microsoft.Extensions.Logging;

namespace LeNetPipeline.Worker.Training;

internal static partial class TrainingLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information,
        Message = "Training {Dataset}: {TrainSamples} training and {TestSamples} test samples, epochs {FirstEpoch}..{Epochs}, batch {BatchSize}, compute parallelism {Parallelism}, slice {SliceSize}, seed {Seed}")]
    public static partial void RunStarting(ILogger logger, string dataset, int trainSamples, int testSamples, int firstEpoch, int epochs, int batchSize, int parallelism, int sliceSize, ulong seed);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information,
        Message = "Epoch {Epoch}/{Epochs} batch {Batch}/{Batches}: {SamplesPerSecond:F0} samples/s, loss {Loss:F4}, accuracy {Accuracy:P2}, ETA {EtaSeconds:F0} s")]
    public static partial void Progress(ILogger logger, int epoch, int epochs, int batch, int batches, double samplesPerSecond, double loss, double accuracy, double etaSeconds);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information,
        Message = "Epoch {Epoch}/{Epochs} done: train loss {TrainLoss:F4} accuracy {TrainAccuracy:P2}, test loss {TestLoss:F4} accuracy {TestAccuracy:P2}, learning rate {LearningRate}, {Seconds:F2} s")]
    public static partial void EpochDone(ILogger logger, int epoch, int epochs, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy, double learningRate, double seconds);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information,
        Message = "Training finished: {Epochs} epochs, test accuracy {TestAccuracy:P2}, train loss {TrainLoss:F4}, {TrainSeconds:F1} s at {SamplesPerSecond:F0} samples/s; outputs in {OutputDirectory}")]
    public static partial void RunFinished(ILogger logger, int epochs, double testAccuracy, double trainLoss, double trainSeconds, double samplesPerSecond, string outputDirectory);

    [LoggerMessage(EventId = 106, Level = LogLevel.Information,
        Message = "Stop requested: stopped after epoch {Epoch} batch {Batch}, checkpoint written to {CheckpointPath}")]
    public static partial void Stopped(ILogger logger, int epoch, int batch, string checkpointPath);

    [LoggerMessage(EventId = 107, Level = LogLevel.Debug,
        Message = "Checkpoint written: epoch {Epoch}, next batch {Batch}, step {Step}, {CheckpointPath}")]
    public static partial void CheckpointWritten(ILogger logger, int epoch, int batch, long step, string checkpointPath);

    [LoggerMessage(EventId = 108, Level = LogLevel.Information,
        Message = "Resuming from {CheckpointPath}: epoch {Epoch}, batch {Batch}, step {Step}")]
    public static partial void Resuming(ILogger logger, string checkpointPath, int epoch, int batch, long step);

    [LoggerMessage(EventId = 109, Level = LogLevel.Information,
        Message = "Starting from weights {WeightsPath}")]
    public static partial void InitialisedFrom(ILogger logger, string weightsPath);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information,
        Message = "Nothing to train: the checkpoint in {OutputDirectory} has {Done} epochs done of Training:Epochs={Epochs}, and the run's outputs are in place")]
    public static partial void AlreadyFinished(ILogger logger, int done, int epochs, string outputDirectory);
}
