// Stage 5, Compute (xN): holds each slice until the weights reach its batch's RequiredVersion (the gate that
// makes SGD synchronous: compute never runs ahead of the optimizer; the convolution weights open first, the dense
// ones are waited for just before they are read), then runs forward and backward on those weights, in parallel,
// and hands the slice straight to the aggregator, which sums in sample-index order whatever finishes first.
// It runs on its own threads (ComputeThreads), which block at the gate; the live limit applies after the gate.
// Whole groups of 16 are reduced inside the kernel; slices that split groups hand over per-sample gradients.
// An ActionBlock that delivers itself rather than a TransformBlock linked onward: a TransformBlock offers its
// results from a task of its own, one more thread wake-up between the last slice of a batch and the update.
// The delegate is synchronous: Dataflow's asynchronous path costs a task, a continuation and a tuple per slice,
// which was a third of what a training epoch allocated.
using System.Collections.Concurrent;
using System.Threading.Tasks.Dataflow;
using LeNetPipeline.Model;
using LeNetPipeline.Model.Kernels;

namespace LeNetPipeline.Worker.Pipeline;

internal sealed class ComputeStage
{
    private const int Group = SampleGroupKernel.GroupSize;
    private readonly WeightStore _weights;
    private readonly GradientBuffers _gradients;
    private readonly Action<Slice> _deliver;
    private readonly ParallelismLimit _limit;
    private readonly ConcurrentBag<GatedKernel> _kernels = [];
    private readonly CancellationToken _cancellation;
    private readonly Action<int> _onEpochStart;
    private readonly Action _onFault;
    private int _lastEpochStarted;

    /// <param name="deliver">Where a computed slice goes: the aggregator.</param>
    /// <param name="onEpochStart">Called once per epoch, when its first training slice passes the gate.</param>
    /// <param name="onFault">
    /// Aborts the run when a slice fails: the block only completes (faulted) once its other workers return, and one
    /// may be waiting at the gate for an update that the failed slice will never let happen.
    /// </param>
    public ComputeStage(WeightStore weights, GradientBuffers gradients, Action<Slice> deliver, ParallelismLimit limit, Action<int> onEpochStart, Action onFault, ComputeThreads threads, int boundedCapacity, CancellationToken cancellation)
    {
        _onEpochStart = onEpochStart;
        _onFault = onFault;
        _weights = weights;
        _gradients = gradients;
        _deliver = deliver;
        _limit = limit;
        _cancellation = cancellation;
        Block = new ActionBlock<Slice>(Compute, new ExecutionDataflowBlockOptions
        {
            MaxDegreeOfParallelism = threads.Count,
            // Never more slices than workers: a bounded Dataflow block does not start its messages strictly in
            // arrival order (a postponed message it is still taking in can land in its queue after a later one was
            // handed to a task), so with more slices than workers every worker could hold a slice of the next batch,
            // blocked at the gate, while the slice that would open the gate waits in the queue for a free worker: a
            // hang. With no more slices than workers, such a slice always has a worker of its own, and the live
            // limit, applied after the gate, is never held by a worker waiting there. Run-ahead stays in the
            // slicer's own buffer.
            BoundedCapacity = Math.Min(boundedCapacity, threads.Count),
            CancellationToken = cancellation,
            TaskScheduler = threads,
        });
    }

    public ActionBlock<Slice> Block { get; }

    /// <summary>Test hook: runs before each slice is computed (fault injection).</summary>
    public Action<Slice>? BeforeSlice { get; init; }

    private void Compute(Slice slice)
    {
        try
        {
            Batch batch = slice.Batch;
            _weights.WaitForConvolutions(batch.RequiredVersion, _cancellation);
            if (batch.Kind == BatchKind.Train && Interlocked.Exchange(ref _lastEpochStarted, batch.Epoch) != batch.Epoch)
            {
                _onEpochStart(batch.Epoch);
            }
            _limit.Enter(_cancellation);
            GatedKernel kernel = _kernels.TryTake(out GatedKernel? pooled) ? pooled : new GatedKernel(_weights, _cancellation);
            kernel.RequiredVersion = batch.RequiredVersion;
            try
            {
                BeforeSlice?.Invoke(slice);
                Compute(slice, kernel.Kernel);
            }
            finally
            {
                _kernels.Add(kernel);
                _limit.Exit();
            }
            _deliver(slice);
        }
        catch (Exception fault) when (fault is not OperationCanceledException)
        {
            _onFault();
            throw;
        }
    }

    private void Compute(Slice slice, SampleGroupKernel kernel)
    {
        ReadOnlySpan<float> parameters = _weights.Parameters;
        int count = slice.Count;
        Batch batch = slice.Batch;
        int sliceEnd = slice.StartInBatch + count;
        bool wholeGroups = slice.StartInBatch % Group == 0 && (sliceEnd % Group == 0 || sliceEnd == batch.Count);
        for (int offset = 0; offset < count; offset += Group)
        {
            int n = Math.Min(Group, count - offset);
            ReadOnlySpan<byte> images = slice.Pixels.AsSpan(offset * ParameterLayout.ImagePixels, n * ParameterLayout.ImagePixels);
            ReadOnlySpan<byte> labels = slice.Labels.AsSpan(offset, n);
            Span<float> groupLosses = slice.Losses.AsSpan(offset, n);
            Span<byte> groupPredictions = slice.Predictions.AsSpan(offset, n);
            if (batch.Kind == BatchKind.Evaluate)
            {
                kernel.Evaluate(parameters, images, labels, n, groupLosses, groupPredictions);
            }
            else if (wholeGroups)
            {
                float[] gradient = _gradients.Group.Rent();
                kernel.Train(parameters, images, labels, n, gradient, groupLosses, groupPredictions);
                slice.GroupGradients.Add(gradient);
            }
            else
            {
                float[] perSample = _gradients.Samples.Rent();
                kernel.TrainPerSample(parameters, images, labels, n, perSample, groupLosses, groupPredictions);
                slice.SampleGradients.Add(perSample);
            }
        }
    }
}

/// <summary>A worker's kernel, whose forward pass waits for the dense layers' weights of the slice's version.</summary>
internal sealed class GatedKernel
{
    public GatedKernel(WeightStore weights, CancellationToken cancellation) =>
        // One delegate per kernel, made once: nothing is allocated per slice.
        Kernel = new SampleGroupKernel(ParameterLayout.ForCount(weights.Parameters.Length) ?? ParameterLayout.Mnist) { BeforeDenseLayers = () => weights.WaitForVersion(RequiredVersion, cancellation) };

    public SampleGroupKernel Kernel { get; }

    public long RequiredVersion { get; set; }
}

/// <summary>The pools of gradient buffers shared by compute (renting) and aggregator and optimizer (returning).</summary>
/// <param name="parameterCount">The length of one gradient: the parameter layout's count for the run's classes.</param>
internal sealed class GradientBuffers(int parameterCount)
{
    public int ParameterCount => parameterCount;

    public ObjectPool<float[]> Group { get; } = new(() => new float[parameterCount]);

    /// <summary>Up to 16 per-sample gradients, back to back.</summary>
    public ObjectPool<float[]> Samples { get; } = new(() => new float[SampleGroupKernel.GroupSize * parameterCount]);
}
