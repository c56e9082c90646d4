// Stage 7, Optimizer: the one block that writes the weights (DESIGN contract 3). It applies each batch's update,
// rejects divergence before it spreads, honours stop requests at batch boundaries (checkpoint first, then stop),
// opens the gate for the next batch, and closes each epoch when its evaluation arrives.
using System.Diagnostics;
using System.Threading.Tasks.Dataflow;
using LeNetPipeline.Model;
using LeNetPipeline.Training;
using LeNetPipeline.Worker.Options;
using LeNetPipeline.Worker.Training;

namespace LeNetPipeline.Worker.Pipeline;

internal sealed class OptimizerStage
{
    private readonly WeightStore _weights;
    private readonly SgdMomentum _sgd;
    private readonly TrainingOptions _training;
    private readonly TrainingState _state;
    private readonly RunRecorder _recorder;
    private readonly GradientBuffers _gradients;
    private readonly CancellationToken _stopRequested;
    private readonly Action _stopPipeline;
    private readonly int _checkpointEvery;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, long> _epochStarts = new();
    private readonly Stopwatch _evaluationClock = new();

    // C1's and C3's weights and biases, at the start of the flat parameter layout; the dense layers follow.
    private static readonly int ConvolutionParameters = ParameterLayout.Mnist.C5Kernel.Offset;

    // The epoch's evaluation so far: it arrives in parts (BatchStage.EvaluationPart samples each).
    private double _testLossSum;
    private int _testCorrect;
    private int _tested;
    private bool _heapSettled;

    public OptimizerStage(
        WeightStore weights,
        SgdMomentum sgd,
        TrainingOptions training,
        TrainingState state,
        RunRecorder recorder,
        GradientBuffers gradients,
        int checkpointEvery,
        CancellationToken stopRequested,
        Action stopPipeline,
        int boundedCapacity,
        CancellationToken cancellation)
    {
        _weights = weights;
        _sgd = sgd;
        _training = training;
        _state = state;
        _recorder = recorder;
        _gradients = gradients;
        _checkpointEvery = checkpointEvery;
        _stopRequested = stopRequested;
        _stopPipeline = stopPipeline;
        Block = new ActionBlock<BatchOutcome>(Apply, new ExecutionDataflowBlockOptions
        {
            BoundedCapacity = boundedCapacity,
            CancellationToken = cancellation,
        });
    }

    public ActionBlock<BatchOutcome> Block { get; }

    /// <summary>True once a stop request was honoured: the checkpoint is written and the pipeline told to stop.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Time spent evaluating, which training throughput leaves out.</summary>
    public TimeSpan EvaluationTime { get; private set; }

    public long TrainedSamples { get; private set; }

    /// <summary>Called by the compute stage when an epoch's first training slice passes the gate.</summary>
    public void EpochStarted(int epoch) => _epochStarts.TryAdd(epoch, Stopwatch.GetTimestamp());

    private double EpochSeconds(int epoch) =>
        _epochStarts.TryGetValue(epoch, out long start) ? Stopwatch.GetElapsedTime(start).TotalSeconds : 0;

    public long EvaluatedSamples { get; private set; }

    private void Apply(BatchOutcome outcome)
    {
        if (Stopped)
        {
            if (outcome.GradientSum is { } unused)
            {
                _gradients.Group.Return(unused);
            }
            return;
        }
        if (outcome.Batch.Kind == BatchKind.Evaluate)
        {
            CloseEpoch(outcome);
            return;
        }
        Update(outcome);
    }

    private void Update(BatchOutcome outcome)
    {
        Batch batch = outcome.Batch;
        float[] gradient = outcome.GradientSum ?? throw new InvalidOperationException("a training batch arrived without gradients");
        double loss = outcome.LossSum / batch.Count;
        if (!double.IsFinite(loss))
        {
            throw new TrainingDivergedException(batch.Epoch, batch.Index + 1, $"the loss is {loss}");
        }
        if (loss > _training.DivergenceLoss)
        {
            throw new TrainingDivergedException(batch.Epoch, batch.Index + 1,
                $"mean loss {loss:G4} exceeds Training:DivergenceLoss={_training.DivergenceLoss}");
        }
        // Recorded before any part of the update opens the gate: whatever the next batch observes (meters, progress)
        // already counts this batch. A divergence found below ends the run before anything is written from it.
        _state.AddBatch(outcome.LossSum, outcome.Correct, batch.Count);
        TrainedSamples += batch.Count;
        _recorder.BatchDone(_state, batch);
        float learningRate = (float)_training.LearningRateAt(batch.Epoch);
        float momentum = (float)_training.Momentum, weightDecay = (float)_training.WeightDecay;
        // The convolutions' part first, opened at once: the next batch's convolutions overlap the rest (WeightStore).
        // Should a stop or a divergence follow, compute waits for the dense weights until the run is cancelled.
        bool finite = _sgd.Step(_weights.Parameters, gradient, batch.Count, learningRate, momentum, weightDecay, 0, ConvolutionParameters);
        _weights.PublishConvolutions(_state.Step);
        finite &= _sgd.Step(_weights.Parameters, gradient, batch.Count, learningRate, momentum, weightDecay,
            ConvolutionParameters, _weights.Parameters.Length - ConvolutionParameters);
        _gradients.Group.Return(gradient);
        if (!finite)
        {
            // The weights in memory are spoilt, but nothing is written from them: the last checkpoint stays good.
            throw new TrainingDivergedException(batch.Epoch, batch.Index + 1, "the update made a weight NaN or infinite");
        }

        if (_stopRequested.IsCancellationRequested)
        {
            _state.EpochSecondsBefore += EpochSeconds(batch.Epoch);
            string path = _recorder.WriteCheckpoint(_state, _weights.Parameters, _sgd.Velocity);
            _recorder.StoppedAt(_state, path);
            Stopped = true;
            _stopPipeline();
            return;
        }
        if (_checkpointEvery > 0 && _state.Step % _checkpointEvery == 0)
        {
            double before = _state.EpochSecondsBefore;
            _state.EpochSecondsBefore += EpochSeconds(batch.Epoch);
            _recorder.WriteCheckpoint(_state, _weights.Parameters, _sgd.Velocity);
            _state.EpochSecondsBefore = before;
        }
        if (batch.Index == batch.BatchesInEpoch - 1)
        {
            _evaluationClock.Restart();
        }
        _weights.Publish(_state.Step);
    }

    private void CloseEpoch(BatchOutcome outcome)
    {
        Batch batch = outcome.Batch;
        if (!_evaluationClock.IsRunning)
        {
            // The epoch's training was finished before a resume: evaluation started with the run.
            _evaluationClock.Restart();
        }
        _testLossSum += outcome.LossSum;
        _testCorrect += outcome.Correct;
        _tested += batch.Count;
        if (!batch.IsLastEvaluationPart)
        {
            return;
        }
        EvaluationTime += _evaluationClock.Elapsed;
        EvaluatedSamples += _tested;
        _evaluationClock.Reset();
        if (!_heapSettled)
        {
            // Everything that lives for the run (data, pools, kernels, the host) exists after the first epoch. One
            // full collection moves it to the oldest generation at once; otherwise the GC promotes it over the
            // next ten epochs, committing a new region at each step, and the working set climbs by 8 MB before it
            // settles. Later epochs only make short-lived garbage, collected young (System.GC.Gen0MaxBudget).
            GC.Collect();
            _heapSettled = true;
        }
        int tested = Math.Max(1, _tested);
        EpochMetrics row = _state.CompleteEpoch(
            _testLossSum / tested,
            (double)_testCorrect / tested,
            _training.LearningRateAt(batch.Epoch),
            EpochSeconds(batch.Epoch),
            Environment.WorkingSet / (1024.0 * 1024.0));
        (_testLossSum, _testCorrect, _tested) = (0, 0, 0);
        _recorder.EpochDone(_state, row, _weights.Parameters, _sgd.Velocity);
    }
}

/// <summary>The loss or the weights stopped being finite numbers.</summary>
public sealed class TrainingDivergedException(int epoch, int batch, string what)
    : Exception($"training diverged at epoch {epoch}, batch {batch}: {what}; lower Training:LearningRate (the last good checkpoint is kept)")
{
    public int Epoch { get; } = epoch;

    public int Batch { get; } = batch;
}
