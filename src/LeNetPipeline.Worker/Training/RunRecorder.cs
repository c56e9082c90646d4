// What the optimizer reports as training goes: progress lines every few seconds (never a progress bar: logs
// are files), the epoch line and metrics.csv row, checkpoints, the live meters, and the heartbeat that tells the
// service manager and the health path the pipeline moves. Called from the optimizer only, one call at a time.
using LeNetPipeline.Worker.Outputs;
using LeNetPipeline.Worker.Pipeline;
using LeNetPipeline.Worker.Service;
using Microsoft.Extensions.Logging;

namespace LeNetPipeline.Worker.Training;

internal sealed class RunRecorder : ITrainingObserver
{
    private readonly ILogger _logger;
    private readonly RunOutputs _outputs;
    private readonly CheckpointIdentity _identity;
    private readonly ProgressClock _progress;
    private readonly int _lastEpoch;
    private readonly TrainingMeters _meters;
    private readonly RunHeartbeat _heartbeat;

    public RunRecorder(ILogger logger, RunOutputs outputs, CheckpointIdentity identity, ProgressClock progress, int lastEpoch, TrainingMeters meters, RunHeartbeat heartbeat)
    {
        _heartbeat = heartbeat;
        _logger = logger;
        _outputs = outputs;
        _identity = identity;
        _progress = progress;
        _lastEpoch = lastEpoch;
        _meters = meters;
    }

    public void BatchTrained(TrainingState state, Batch batch)
    {
        _heartbeat.Beat();
        _meters.BatchTrained(state.Epoch, state.NextBatch, batch.Count, state.EpochLossSum / state.EpochSamples, (double)state.EpochCorrect / state.EpochSamples);
        long batchesLeft = (long)(_lastEpoch - state.Epoch) * batch.BatchesInEpoch + (batch.BatchesInEpoch - state.NextBatch);
        if (_progress.BatchApplied(batch.Count, batchesLeft) is not { } reading)
        {
            return;
        }
        TrainingLog.Progress(_logger, state.Epoch, _lastEpoch, state.NextBatch, batch.BatchesInEpoch, reading.SamplesPerSecond,
            state.EpochLossSum / state.EpochSamples, (double)state.EpochCorrect / state.EpochSamples, reading.EtaSeconds);
        _heartbeat.Progress(state.Epoch, _lastEpoch, state.NextBatch, batch.BatchesInEpoch, reading.SamplesPerSecond,
            state.Completed.Count > 0 ? state.Completed[^1].TestAccuracy : null);
    }

    public void EpochEvaluated(TrainingState state, EpochMetrics row, float[] parameters, float[] velocity)
    {
        _heartbeat.Beat();
        _meters.EpochEvaluated(row.TestLoss, row.TestAccuracy);
        TrainingLog.EpochDone(_logger, row.Epoch, _lastEpoch, row.TrainLoss, row.TrainAccuracy, row.TestLoss, row.TestAccuracy, row.LearningRate, row.Seconds);
        _outputs.WriteMetrics(state.Completed);
        WriteCheckpoint(state, parameters, velocity);
    }

    public string WriteCheckpoint(TrainingState state, float[] parameters, float[] velocity)
    {
        var checkpoint = new TrainingCheckpoint(_identity, state, parameters, velocity);
        string path = _outputs.WriteCheckpoint(checkpoint);
        TrainingLog.CheckpointWritten(_logger, state.Epoch, state.NextBatch, state.Step, path);
        return path;
    }

    public void Stopped(TrainingState state, string checkpointPath) =>
        TrainingLog.Stopped(_logger, state.Epoch, state.NextBatch, checkpointPath);
}
