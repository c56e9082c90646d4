// One training run from settings to outputs: the data (whose classes size the output layer), where the weights
// start (fresh, Model:InitFrom, or a checkpoint), the pipeline run, and the files it leaves. Validates what only
// the run can see before any work starts.
using System.Diagnostics;
using LeNetPipeline.Data;
using LeNetPipeline.Model;
using LeNetPipeline.Training;
using LeNetPipeline.Weights;
using LeNetPipeline.Worker.Training;
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Worker.Options;
using LeNetPipeline.Worker.Outputs;
using LeNetPipeline.Worker.Pipeline;
using LeNetPipeline.Worker.Service;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeNetPipeline.Worker.Commands.Train;

internal sealed class TrainCommand(
    ILogger<TrainCommand> logger,
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
    RunPictures pictures,
    RunHeartbeat heartbeat) : IWorkerCommand
{
    private LabelledImages? _test;
    private int _trainSamples;
    private int _testSamples;

    /// <summary>Test hook: runs in the compute stage before each slice (fault injection).</summary>
    public Action<Slice>? BeforeComputeSlice { get; set; }

    Task IWorkerCommand.RunAsync(CancellationToken stoppingToken) => RunAsync(stoppingToken);

    /// <summary>Trains; returns the summary, or null when a stop request ended the run early (checkpoint written)
    /// or the run it continues had already finished.</summary>
    public async Task<RunSummary?> RunAsync(CancellationToken stopRequested)
    {
        DataOptions data = dataOptions.Value;
        TrainingOptions training = trainingOptions.Value;
        PipelineOptions pipeline = pipelineOptions.CurrentValue;
        string outputDirectory = root.Resolve(outputOptions.Value.Directory);
        // The data comes first: its classes decide the output layer, and so every parameter buffer's length.
        (LabelledImages, LabelledImages)? loaded = await LoadOrStopAsync(data, stopRequested).ConfigureAwait(false);
        if (loaded is not var (train, test))
        {
            return null;
        }
        CheckpointIdentity identity = CheckpointIdentity.Of(data, training, train.Classes);
        // Before the output directory is touched: a refused checkpoint leaves every file as it was.
        TrainingCheckpoint? continued = AutomaticResume.IsRequested(checkpointOptions.Value.ResumeFrom)
            ? AutomaticResume.Find(outputDirectory, identity)
            : null;
        if (continued is not null && AutomaticResume.IsFinished(continued, training.Epochs, outputDirectory))
        {
            TrainingLog.AlreadyFinished(logger, continued.State.Completed.Count, training.Epochs, outputDirectory);
            heartbeat.Ready();
            heartbeat.Status($"finished: all {training.Epochs} epochs done, outputs in {outputDirectory}");
            return null;
        }
        RunOutputs outputs = RunOutputs.Prepare(outputDirectory);

        (float[] parameters, SgdMomentum sgd, TrainingState state, string? resumedFrom) = continued is null
            ? StartingPoint(identity, training)
            : Continue(continued, outputs.CheckpointPath);
        CheckFits(train, training, pipeline, state, resumedFrom);
        heartbeat.Ready();
        var weights = new WeightStore(parameters, state.Step);
        var recorder = new RunRecorder(logger, outputs, identity,
            new ProgressClock(TimeProvider.System, TimeSpan.FromSeconds(progressOptions.Value.IntervalSeconds)), training.Epochs, meters, heartbeat);
        var plan = new RunPlan(_ => Task.FromResult((train, test)), state.Epoch, state.NextBatch, training.Epochs);
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

        outputs.WriteModel(weights.Parameters, train.Classes.Names);
        recorder.WriteCheckpoint(state, weights.Parameters, sgd.Velocity);
        RunSummary summary = Summarise(data, training, pipeline, state, weights.Parameters, result, clock.Elapsed, resumedFrom);
        outputs.WriteSummary(summary);
        pictures.Draw(outputs.Directory, state.Completed, weights.Parameters, _test, pipeline.EffectiveParallelism, stopRequested);
        TrainingLog.RunFinished(logger, training.Epochs, summary.FinalTestAccuracy ?? double.NaN, summary.FinalTrainLoss ?? double.NaN,
            summary.TrainSeconds, summary.TrainSamplesPerSecond, outputs.Directory);
        return summary;
    }

    private (float[] Parameters, SgdMomentum Sgd, TrainingState State, string? ResumedFrom) StartingPoint(CheckpointIdentity identity, TrainingOptions training)
    {
        string resumeFrom = checkpointOptions.Value.ResumeFrom;
        if (!string.IsNullOrWhiteSpace(resumeFrom) && !AutomaticResume.IsRequested(resumeFrom))
        {
            string path = root.Resolve(resumeFrom);
            TrainingCheckpoint checkpoint = TrainingCheckpoint.Read(path);
            checkpoint.Identity.EnsureMatches(identity, path);
            return Continue(checkpoint, path);
        }
        string initFrom = modelOptions.Value.InitFrom;
        float[] parameters;
        if (!string.IsNullOrWhiteSpace(initFrom))
        {
            string path = root.Resolve(initFrom);
            WeightsFileContent start = WeightsFile.ReadModel(path);
            if (!start.Layout.Equals(identity.Classes.Layout))
            {
                throw new InvalidInputException(
                    $"{path}: has {start.Layout.Classes} outputs, but the data has {identity.Classes}; Model:InitFrom needs the same classes");
            }
            parameters = start.Parameters;
            TrainingLog.InitialisedFrom(logger, path);
        }
        else
        {
            parameters = ParameterInitializer.Create(training.Seed, identity.Classes.Layout);
        }
        return (parameters, new SgdMomentum(parameters.Length), new TrainingState(), null);
    }

    private (float[] Parameters, SgdMomentum Sgd, TrainingState State, string? ResumedFrom) Continue(TrainingCheckpoint checkpoint, string path)
    {
        TrainingLog.Resuming(logger, path, checkpoint.State.Epoch, checkpoint.State.NextBatch, checkpoint.State.Step);
        return (checkpoint.Parameters, new SgdMomentum(checkpoint.Velocity), checkpoint.State, path);
    }

    // A stop request while the data is read ends the run before anything is written.
    private async Task<(LabelledImages Train, LabelledImages Test)?> LoadOrStopAsync(DataOptions data, CancellationToken stopRequested)
    {
        try
        {
            (LabelledImages train, LabelledImages test) = await datasets.LoadAsync(data.ToSource(root.Resolve), stopRequested).ConfigureAwait(false);
            train = train.Take(data.TrainLimit);
            test = test.Take(data.TestLimit);
            (_trainSamples, _testSamples, _test) = (train.Count, test.Count, test);
            return (train, test);
        }
        catch (OperationCanceledException) when (stopRequested.IsCancellationRequested)
        {
            return null;
        }
    }

    private void CheckFits(LabelledImages train, TrainingOptions training, PipelineOptions pipeline, TrainingState state, string? resumedFrom)
    {
        int batches = EpochSchedule.BatchesPerEpoch(train.Count, training.BatchSize);
        if (resumedFrom is not null && !state.FitsEpochsOf(batches))
        {
            // Other data under the same settings (another Data:Directory, other files): the weights' version gate
            // would wait forever for updates that never come, or let batches overtake each other.
            throw new InvalidInputException(
                $"checkpoint {resumedFrom} is at epoch {state.Epoch}, batch {state.NextBatch}, update {state.Step}, which does not fit " +
                $"{train.Count} training samples in batches of {training.BatchSize} ({batches} per epoch): was it written with other data?");
        }
        TrainingLog.RunStarting(logger, dataOptions.Value.Dataset, train.Count, _testSamples, state.Epoch, training.Epochs, training.BatchSize,
            pipeline.EffectiveParallelism, pipeline.SliceSize, training.Seed);
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
