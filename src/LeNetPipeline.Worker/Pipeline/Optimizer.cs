// Stage 7, Optimizer: the one writer of the weights (docs/architecture.md, One writer of the weights). It runs on
// the worker that finished a batch and takes batches strictly in the slicer's order (its turn), so its calls never
// overlap: it checks for divergence, applies the update, checkpoints, honours stops and closes epochs.
using System.Collections.Concurrent;
using System.Diagnostics;
using LeNetPipeline.Model;
using LeNetPipeline.Training;
using LeNetPipeline.Worker.Options;

namespace LeNetPipeline.Worker.Pipeline;

internal sealed class Optimizer
{
    // C1's and C3's weights and biases, at the start of the flat parameter layout whatever the class count; the
    // dense layers follow.
    private static readonly int ConvolutionParameters = ParameterLayout.Mnist.C5Kernel.Offset;

    private readonly WeightStore _weights;
    private readonly SgdMomentum _sgd;
    private readonly TrainingOptions _training;
    private readonly TrainingState _state;
    private readonly ITrainingObserver _observer;
    private readonly GradientAggregator _aggregator;
    private readonly float[] _gradientSum;
    private readonly CancellationToken _stopRequested;
    private readonly Action _stopPipeline;
    private readonly int _checkpointEvery;
    private readonly VersionGate _turn = new(0);
    private readonly ConcurrentDictionary<int, long> _epochStarts = new();
    private readonly Stopwatch _evaluationClock = new();

    // The epoch's evaluation so far: it arrives in parts (BatchStage.EvaluationPart samples each).
    private double _testLossSum;
    private int _testCorrect;
    private int _tested;
    private bool _heapSettled;

    public Optimizer(
        WeightStore weights,
        SgdMomentum sgd,
        TrainingOptions training,
        TrainingState state,
        ITrainingObserver observer,
        GradientAggregator aggregator,
        int checkpointEvery,
        CancellationToken stopRequested,
        Action stopPipeline)
    {
        _weights = weights;
        _gradientSum = new float[weights.Parameters.Length];
        _sgd = sgd;
        _training = training;
        _state = state;
        _observer = observer;
        _aggregator = aggregator;
        _checkpointEvery = checkpointEvery;
        _stopRequested = stopRequested;
        _stopPipeline = stopPipeline;
    }

    /// <summary>True once a stop request was honoured: the checkpoint is written and the pipeline told to stop.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Time spent evaluating, which training throughput leaves out.</summary>
    public TimeSpan EvaluationTime { get; private set; }

    public long TrainedSamples { get; private set; }

    public long EvaluatedSamples { get; private set; }

    /// <summary>Called by a compute worker when an epoch's first training slice passes the gate.</summary>
    public void EpochStarted(int epoch) => _epochStarts.TryAdd(epoch, Stopwatch.GetTimestamp());

    /// <summary>Takes a computed batch once every batch before it is taken, and releases it; throws if the run is cancelled first.</summary>
    public void Apply(BatchOutcome outcome, CancellationToken cancellation)
    {
        _turn.WaitFor(outcome.Sequence, cancellation);
        if (Stopped)
        {
            _aggregator.Release(outcome.InFlight);
        }
        else if (outcome.Batch.Kind == BatchKind.Evaluate)
        {
            CloseEpoch(outcome);
            _aggregator.Release(outcome.InFlight);
        }
        else
        {
            Update(outcome);
        }
        _turn.Advance(outcome.Sequence + 1);
    }

    private double EpochSeconds(int epoch) =>
        _epochStarts.TryGetValue(epoch, out long start) ? Stopwatch.GetElapsedTime(start).TotalSeconds : 0;

    private void Update(BatchOutcome outcome)
    {
        Batch batch = outcome.Batch;
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
        _observer.BatchTrained(_state, batch);
        float learningRate = (float)_training.LearningRateAt(batch.Epoch);
        float momentum = (float)_training.Momentum, weightDecay = (float)_training.WeightDecay;
        // The convolutions' part first, summed and applied and opened at once: the next batch's convolutions overlap
        // the sum and update of the rest (WeightStore). Should a stop or a divergence follow, compute waits for the
        // dense weights until the run is cancelled.
        float[] gradient = _aggregator.SumGradients(outcome.InFlight, _gradientSum, 0, ConvolutionParameters);
        bool finite = _sgd.Step(_weights.Parameters, gradient, batch.Count, learningRate, momentum, weightDecay, 0, ConvolutionParameters);
        _weights.PublishConvolutions(_state.Step);
        int denseParameters = _gradientSum.Length - ConvolutionParameters;
        gradient = _aggregator.SumGradients(outcome.InFlight, _gradientSum, ConvolutionParameters, denseParameters);
        finite &= _sgd.Step(_weights.Parameters, gradient, batch.Count, learningRate, momentum, weightDecay, ConvolutionParameters, denseParameters);
        _aggregator.Release(outcome.InFlight);
        if (!finite)
        {
            // The weights in memory are spoilt, but nothing is written from them: the last checkpoint stays good.
            throw new TrainingDivergedException(batch.Epoch, batch.Index + 1, "the update made a weight NaN or infinite");
        }

        if (_stopRequested.IsCancellationRequested)
        {
            _state.EpochSecondsBefore += EpochSeconds(batch.Epoch);
            string path = _observer.WriteCheckpoint(_state, _weights.Parameters, _sgd.Velocity);
            _observer.Stopped(_state, path);
            Stopped = true;
            _stopPipeline();
            return;
        }
        if (_checkpointEvery > 0 && _state.Step % _checkpointEvery == 0)
        {
            double before = _state.EpochSecondsBefore;
            _state.EpochSecondsBefore += EpochSeconds(batch.Epoch);
            _observer.WriteCheckpoint(_state, _weights.Parameters, _sgd.Velocity);
            _state.EpochSecondsBefore = before;
        }
        if (batch.Index == batch.BatchesInEpoch - 1)
        {
            _evaluationClock.Restart();
        }
        // The last act on the weights: the next batch's slices may run from here on, and its last one calls in
        // only after this (it waits at the gate for this version), so no two updates overlap.
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
            // full collection moves it to the oldest generation at once, rather than by promotions over the next
            // epochs that commit a new region at each step; later epochs only make short-lived garbage.
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
        _observer.EpochEvaluated(_state, row, _weights.Parameters, _sgd.Velocity);
    }
}
