// What the optimizer reports as training goes: progress lines every few seconds (never a progress bar: logs
// are files), the epoch line and metrics.csv row, checkpoints, the live meters, and the heartbeat that tells the
// service manager and the health path the pipeline moves. Called from the optimizer only, one call at a time.
using System.Diagnostics;
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
    private readonly TimeSpan _interval;
    private readonly int _lastEpoch;
    private readonly TrainingMeters _meters;
    private readonly RunHeartbeat _heartbeat;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastReport;
    private long _samplesAtLastReport;
    private long _samplesTrained;
    private long _batchesTrained;

    public RunRecorder(ILogger logger, RunOutputs outputs, CheckpointIdentity identity, TimeSpan interval, int lastEpoch, TrainingMeters meters, RunHeartbeat heartbeat)
    {
        _heartbeat = heartbeat;
        _logger = logger;
        _outputs = outputs;
        _identity = identity;
        _interval = interval;
        _lastEpoch = lastEpoch;
        _meters = meters;
    }

    public void BatchTrained(TrainingState state, Batch batch)
    {
        _samplesTrained += batch.Count;
        _batchesTrained++;
        _heartbeat.Beat();
        _meters.BatchTrained(state.Epoch, state.NextBatch, batch.Count, state.EpochLossSum / state.EpochSamples, (double)state.EpochCorrect / state.EpochSamples);
        TimeSpan now = _clock.Elapsed;
        if (now - _lastReport < _interval)
        {
            return;
        }
        double rate = (_samplesTrained - _samplesAtLastReport) / (now - _lastReport).TotalSeconds;
        long batchesLeft = (long)(_lastEpoch - state.Epoch) * batch.BatchesInEpoch + (batch.BatchesInEpoch - state.NextBatch);
        double eta = batchesLeft * now.TotalSeconds / _batchesTrained;
        TrainingLog.Progress(_logger, state.Epoch, _lastEpoch, state.NextBatch, batch.BatchesInEpoch, rate,
            state.EpochLossSum / state.EpochSamples, (double)state.EpochCorrect / state.EpochSamples, Math.Max(0, eta));
        _heartbeat.Progress(state.Epoch, _lastEpoch, state.NextBatch, batch.BatchesInEpoch, rate,
            state.Completed.Count > 0 ? state.Completed[^1].TestAccuracy : null);
        _lastReport = now;
        _samplesAtLastReport = _samplesTrained;
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
