// One row of metrics.csv: what an epoch reached, on the training batches as they were seen and on the test set.
namespace LeNetPipeline.Worker.Pipeline;

public sealed record EpochMetrics(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double TestLoss,
    double TestAccuracy,
    double LearningRate,
    double Seconds,
    double WorkingSetMegabytes);
