// One training run from settings to outputs: where the weights start (fresh, Model:InitFrom, or a checkpoint),
// the pipeline run, and the files it leaves. Validates what only the run can see before any work starts.
using System.Diagnostics;
using LeNetPipeline.Data;
using LeNetPipeline.Model;
using LeNetPipeline.Training;
using LeNetPipeline.Weights;
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Worker.Options;
using LeNetPipeline.Worker.Outputs;
using LeNetPipeline.Worker.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeNetPipeline.Worker.Training;

internal sealed class TrainingRun(
    ILogger<TrainingRun> logger,
    ContentRoot root,
    DatasetProvider datasets,
    IOptions<DataOptions> dataOptions,
    IOptions<TrainingOptions> trainingOptions,
    IOptionsMonitor<PipelineOptions> pipelineOptions,
    IOptions<ModelOptions> modelOptions,
    IOptions<OutputOptions> outputOptions,
    IOptions<CheckpointOptions> checkpointOptions,
    IOptions<ProgressOptions> progressOptions,
    TrainingMeters meters,
    RunPictures pictures) : IWorkerCommand
{
    private LabelledImages? _test;
    private int _trainSamples;
    private int _testSamples;
    private TimeSpan _loadTime;

    /// <summary>Test hook: runs in the compute stage before each slice (fault injection).</summary>
    public Action<Slice>? BeforeComputeSlice { get; set; }

    Task IWorkerCommand.RunAsync(CancellationToken stoppingToken) => RunAsync(stoppingToken);

    /// <summary>Trains; returns the summary, or null when a stop request ended the run early (checkpoint written).</summary>
    public async Task<RunSummary?> RunAsync(CancellationToken stopRequested)
    {
        DataOptions data = dataOptions.Value;
        TrainingOptions training = trainingOptions.Value;
        PipelineOptions pipeline = pipelineOptions.CurrentValue;
        RunOutputs outputs = RunOutputs.Prepare(root.Resolve(outputOptions.Value.Directory));
        CheckpointIdentity identity = CheckpointIdentity.Of(data, training);

        (float[] parameters, SgdMomentum sgd, TrainingState state, string? resumedFrom) = StartingPoint(identity, training);
        var weights = new WeightStore(parameters, state.Step);
        var recorder = new RunRecorder(logger, outputs, identity, TimeSpan.FromSeconds(progressOptions.Value.IntervalSeconds), training.Epochs, meters);
        var plan = new RunPlan(cancellation => LoadAsync(data, training, pipeline, state, resumedFrom, cancellation), state.Epoch, state.NextBatch, training.Epochs);
        var run = new TrainingPipeline(training, pipeline, checkpointOptions.Value.EveryBatches, () => pipelineOptions.CurrentValue, logger)
        {
            TestHooks = BeforeComputeSlice is null ? null : new TestHooks { BeforeComputeSlice = BeforeComputeSlice },
        };

        var clock = Stopwatch.StartNew();
        PipelineResult result = await run.RunAsync(plan, weights, sgd, state, recorder, stopRequested).ConfigureAwait(false);
        clock.Stop();
        if (result.Stopped)
        {
            return null;
        }

        outputs.WriteModel(weights.Parameters);
        recorder.WriteCheckpoint(state, weights.Parameters, sgd.Velocity);
        RunSummary summary = Summarise(data, training, pipeline, state, weights.Parameters, result, clock.Elapsed - _loadTime, resumedFrom);
        outputs.WriteSummary(summary);
        pictures.Draw(outputs.Directory, state.Completed, weights.Parameters, _test, pipeline.EffectiveParallelism, stopRequested);
        TrainingLog.RunFinished(logger, training.Epochs, summary.FinalTestAccuracy ?? double.NaN, summary.FinalTrainLoss ?? double.NaN,
            summary.TrainSeconds, summary.TrainSamplesPerSecond, outputs.Directory);
        return summary;
    }

    private (float[] Parameters, SgdMomentum Sgd, TrainingState State, string? ResumedFrom) StartingPoint(CheckpointIdentity identity, TrainingOptions training)
    {
        string resumeFrom = checkpointOptions.Value.ResumeFrom;
        if (!string.IsNullOrWhiteSpace(resumeFrom))
        {
            string path = root.Resolve(resumeFrom);
            TrainingCheckpoint checkpoint = TrainingCheckpoint.Read(path);
            checkpoint.Identity.EnsureMatches(identity, path);
            TrainingLog.Resuming(logger, path, checkpoint.State.Epoch, checkpoint.State.NextBatch, checkpoint.State.Step);
            return (checkpoint.Parameters, new SgdMomentum(checkpoint.Velocity), checkpoint.State, path);
        }
        string initFrom = modelOptions.Value.InitFrom;
        float[] parameters;
        if (!string.IsNullOrWhiteSpace(initFrom))
        {
            string path = root.Resolve(initFrom);
            parameters = WeightsFile.Read(path);
            TrainingLog.InitialisedFrom(logger, path);
        }
        else
        {
            parameters = ParameterInitializer.Create(training.Seed);
        }
        return (parameters, new SgdMomentum(ParameterLayout.Count), new TrainingState(), null);
    }

    private async Task<(LabelledImages Train, LabelledImages Test)> LoadAsync(
        DataOptions data, TrainingOptions training, PipelineOptions pipeline, TrainingState state, string? resumedFrom, CancellationToken cancellation)
    {
        DataSourceSettings settings = Commands.DatasetSettings.From(data, root);
        var clock = Stopwatch.StartNew();
        (LabelledImages train, LabelledImages test) = await datasets.LoadAsync(settings, cancellation).ConfigureAwait(false);
        train = train.Take(data.TrainLimit);
        test = test.Take(data.TestLimit);
        (_trainSamples, _testSamples, _loadTime) = (train.Count, test.Count, clock.Elapsed);
        int batches = EpochSchedule.BatchesPerEpoch(train.Count, training.BatchSize);
        if (resumedFrom is not null && !state.FitsEpochsOf(batches))
        {
            // Other data under the same settings (another Data:Directory, other files): the weights' version gate
            // would wait forever for updates that never come, or let batches overtake each other.
            throw new InvalidInputException(
                $"checkpoint {resumedFrom} is at epoch {state.Epoch}, batch {state.NextBatch}, update {state.Step}, which does not fit " +
                $"{train.Count} training samples in batches of {training.BatchSize} ({batches} per epoch): was it written with other data?");
        }
        _test = test;
        TrainingLog.RunStarting(logger, data.Dataset, train.Count, test.Count, state.Epoch, training.Epochs, training.BatchSize,
            pipeline.EffectiveParallelism, pipeline.SliceSize, training.Seed);
        return (train, test);
    }

    private RunSummary Summarise(DataOptions data, TrainingOptions training, PipelineOptions pipeline, TrainingState state,
        float[] parameters, PipelineResult result, TimeSpan elapsed, string? resumedFrom)
    {
        EpochMetrics? last = state.Completed.Count > 0 ? state.Completed[^1] : null;
        double trainSeconds = Math.Max(1e-9, (elapsed - result.EvaluationTime).TotalSeconds);
        return new RunSummary
        {
            Dataset = data.Dataset,
            Epochs = state.Completed.Count,
            TrainSamples = _trainSamples,
            TestSamples = _testSamples,
            FinalTrainLoss = last?.TrainLoss,
            FinalTrainAccuracy = last?.TrainAccuracy,
            FinalTestLoss = last?.TestLoss,
            FinalTestAccuracy = last?.TestAccuracy,
            TrainSeconds = trainSeconds,
            TrainSamplesPerSecond = result.TrainedSamples / trainSeconds,
            EvaluateSamplesPerSecond = result.EvaluationTime > TimeSpan.Zero ? result.EvaluatedSamples / result.EvaluationTime.TotalSeconds : null,
            PeakResidentMegabytes = ProcessMemory.PeakResidentMegabytes(),
            ComputeParallelism = pipeline.EffectiveParallelism,
            SliceSize = pipeline.SliceSize,
            BoundedCapacity = pipeline.BoundedCapacity,
            BatchSize = training.BatchSize,
            LearningRate = training.LearningRate,
            Momentum = training.Momentum,
            WeightDecay = training.WeightDecay,
            MaxShift = training.MaxShift,
            Seed = training.Seed,
            WeightsSha256 = WeightsHash.Sha256Hex(parameters),
            ResumedFrom = resumedFrom,
        };
    }
}
