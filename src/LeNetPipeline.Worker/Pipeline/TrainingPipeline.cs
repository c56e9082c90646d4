// Wires the stages and runs them to the end: Dataflow runs ahead (epochs, shuffle, batch, slice), the compute
// workers do the rest. A fault anywhere cancels every block and every worker through one source, so a failing
// stage ends the run and never hangs it (docs/architecture.md, Faults end the run).
using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Dataflow;
using LeNetPipeline.Training;
using LeNetPipeline.Worker.Options;
using Microsoft.Extensions.Logging;

namespace LeNetPipeline.Worker.Pipeline;

internal sealed class TrainingPipeline
{
    private readonly TrainingOptions _training;
    private readonly PipelineOptions _pipeline;
    private readonly int _checkpointEvery;
    private readonly Func<PipelineOptions> _currentPipelineOptions;
    private readonly ILogger _logger;

    /// <param name="currentPipelineOptions">Re-read at each epoch start: live retuning of the parallelism.</param>
    public TrainingPipeline(TrainingOptions training, PipelineOptions pipeline, int checkpointEvery, Func<PipelineOptions> currentPipelineOptions, ILogger logger)
    {
        _training = training;
        _pipeline = pipeline;
        _checkpointEvery = checkpointEvery;
        _currentPipelineOptions = currentPipelineOptions;
        _logger = logger;
    }

    public TestHooks? TestHooks { get; init; }

    /// <summary>How many compute workers the run starts: the most that live retuning can put to work.</summary>
    public int CeilingParallelism => Math.Max(_pipeline.EffectiveParallelism, Environment.ProcessorCount);

    /// <summary>Runs the plan to its end, or to the batch boundary where a stop request was honoured.</summary>
    public async Task<PipelineResult> RunAsync(
        RunPlan plan,
        WeightStore weights,
        SgdMomentum sgd,
        TrainingState state,
        ITrainingObserver observer,
        CancellationToken stopRequested)
    {
        using var abort = new CancellationTokenSource();
        CancellationToken cancellation = abort.Token;
        int capacity = _pipeline.BoundedCapacity;
        var gradients = new GradientBuffers(weights.Parameters.Length);
        var limit = new ParallelismLimit(_pipeline.EffectiveParallelism, CeilingParallelism);

        // The epoch stage alone also listens to stop requests: a stop while data loads has nothing to checkpoint.
        using var loading = CancellationTokenSource.CreateLinkedTokenSource(cancellation, stopRequested);
        var epochs = EpochStage.Create(capacity, loading.Token, cancellation);
        var shuffle = new ShuffleStage(_training.Seed, _training.Shuffle, Math.Min(capacity, 2), cancellation);
        var batch = BatchStage.Create(_training.BatchSize, capacity, cancellation);
        var slice = new SliceStage(_pipeline.SliceSize, _training.Seed, _training.MaxShift, gradients.Group, capacity, cancellation);
        var aggregator = new GradientAggregator(gradients, slice.Return, shuffle.Return);
        var optimizer = new Optimizer(weights, sgd, _training, state, observer, aggregator, _checkpointEvery, stopRequested, abort.Cancel);
        var compute = new ComputeWorkers(new SliceQueue(slice.Block), weights, gradients, aggregator, optimizer, limit,
            epoch =>
            {
                optimizer.EpochStarted(epoch);
                Retune(limit, epoch);
            }, TestHooks, abort);

        var propagate = new DataflowLinkOptions { PropagateCompletion = true };
        epochs.LinkTo(shuffle.Block, propagate);
        shuffle.Block.LinkTo(batch, propagate);
        batch.LinkTo(slice.Block, propagate);
        // Once the workers have ended, nothing takes slices any more: a block completes only when its output is
        // taken, so what an aborted run left in the slicer's queue goes to a sink, or the run would wait for it.
        _ = compute.Completion.ContinueWith(_ => slice.Block.LinkTo(DataflowBlock.NullTarget<BatchInFlight>()),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        Task[] completions = [epochs.Completion, shuffle.Block.Completion, batch.Completion, slice.Block.Completion, compute.Completion];
        Exception? firstFault = null;
        foreach (Task completion in completions)
        {
            _ = completion.ContinueWith(task =>
            {
                if (task.IsFaulted && !IsCancellationAftermath(task.Exception!.Flatten().InnerExceptions[0], cancellation))
                {
                    // Flatten, not GetBaseException: that would also unwrap the fault's own InnerException (e.g. the IOException
                    // under an InvalidInputException), and with it the exit code.
                    Interlocked.CompareExchange(ref firstFault, task.Exception!.Flatten().InnerExceptions[0], null);
                    abort.Cancel();
                }
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        compute.Start();
        await epochs.SendAsync(plan, cancellation).ConfigureAwait(false);
        epochs.Complete();
        try
        {
            await Task.WhenAll(completions).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Which fault to report is decided below, not by which completion WhenAll happened to surface.
        }
        // The first fault recorded wins; if its continuation has not run yet, the first real fault of any part.
        Exception? fault = firstFault ?? completions
            .Where(completion => completion.IsFaulted)
            .SelectMany(completion => completion.Exception!.Flatten().InnerExceptions)
            .FirstOrDefault(exception => exception is not OperationCanceledException && !IsCancellationAftermath(exception, cancellation));
        if (fault is not null)
        {
            ExceptionDispatchInfo.Capture(fault).Throw();
        }
        if (completions.Any(completion => completion.IsCanceled) && !optimizer.Stopped && !stopRequested.IsCancellationRequested)
        {
            throw new InvalidOperationException("the training pipeline was cancelled without a fault or a stop request");
        }
        bool unfinished = state.Epoch <= plan.LastEpoch;
        return new PipelineResult(optimizer.Stopped || (stopRequested.IsCancellationRequested && unfinished), optimizer.TrainedSamples, optimizer.EvaluatedSamples, optimizer.EvaluationTime);
    }

    /// <summary>
    /// True for a fault Dataflow itself raises while the pipeline is being cancelled: cancelling a bounded block
    /// that holds postponed offers can make it release a reservation its source, cancelled at the same moment, no
    /// longer holds ("The target does not have the message reserved"). A consequence of the stop or of the first
    /// fault, never a cause: reporting it would turn a graceful stop into a failure.
    /// </summary>
    internal static bool IsCancellationAftermath(Exception fault, CancellationToken abort) =>
        abort.IsCancellationRequested
        && fault is InvalidOperationException
        && fault.TargetSite?.DeclaringType?.Namespace?.StartsWith("System.Threading.Tasks.Dataflow", StringComparison.Ordinal) == true;

    private void Retune(ParallelismLimit limit, int epoch)
    {
        int requested;
        try
        {
            requested = _currentPipelineOptions().EffectiveParallelism;
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException invalid)
        {
            // An edit that breaks the settings must not end a long run: keep what is in force.
            PipelineLog.RetuneIgnored(_logger, epoch, string.Join("; ", invalid.Failures));
            return;
        }
        int previous = limit.Limit;
        if (requested == previous)
        {
            return;
        }
        int current = limit.Change(requested);
        if (current != requested)
        {
            PipelineLog.ParallelismCapped(_logger, requested, limit.Ceiling);
        }
        if (current != previous)
        {
            PipelineLog.ParallelismChanged(_logger, previous, current, epoch);
        }
    }
}
