// What the optimizer reports as it goes, to whoever records the run (logs, files, meters, a watchdog). The
// pipeline defines it so that it depends on nothing above it; every call comes from the optimizer, one at a time,
// in batch order.
namespace LeNetPipeline.Worker.Pipeline;

internal interface ITrainingObserver
{
    /// <summary>A training batch is counted in <paramref name="state"/>; its update is not yet visible to compute.</summary>
    void BatchTrained(TrainingState state, Batch batch);

    /// <summary>An epoch is closed: its row is in state.Completed, the weights are those of its last update.</summary>
    void EpochEvaluated(TrainingState state, EpochMetrics row, float[] parameters, float[] velocity);

    /// <summary>Writes a checkpoint of this exact point and returns its path.</summary>
    string WriteCheckpoint(TrainingState state, float[] parameters, float[] velocity);

    /// <summary>A stop request was honoured at a batch boundary; the checkpoint is at <paramref name="checkpointPath"/>.</summary>
    void Stopped(TrainingState state, string checkpointPath);
}
