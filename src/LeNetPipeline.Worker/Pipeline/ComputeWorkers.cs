// The compute workers: each takes the next slice from the slicer's queue in order, waits at the version gate,
// computes it, hands each group's gradient to the batch's running sum, and if it finished the batch, completes
// the sum and applies it right there, so nothing is handed to another thread between one batch's last slice and
// the next's first (docs/architecture.md, Side channels).
using LeNetPipeline.Model;
using LeNetPipeline.Model.Kernels;

namespace LeNetPipeline.Worker.Pipeline;

internal sealed class ComputeWorkers
{
    private const int Group = SampleGroupKernel.GroupSize;
    private readonly SliceQueue _slices;
    private readonly WeightStore _weights;
    private readonly GradientBuffers _gradients;
    private readonly GradientAggregator _aggregator;
    private readonly Optimizer _optimizer;
    private readonly ParallelismLimit _limit;
    private readonly Action<int> _onEpochStart;
    private readonly Action<Slice>? _beforeSlice;
    private readonly CancellationTokenSource _abort;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;
    private int _lastEpochStarted;
    private Exception? _fault;

    /// <param name="onEpochStart">Called once per epoch, on the worker whose slice is the epoch's first training slice to pass the gate.</param>
    /// <param name="abort">Cancelled by the first failing worker: the others may wait at the gate for an update that will not come.</param>
    public ComputeWorkers(SliceQueue slices, WeightStore weights, GradientBuffers gradients, GradientAggregator aggregator,
        Optimizer optimizer, ParallelismLimit limit, Action<int> onEpochStart, TestHooks? hooks, CancellationTokenSource abort)
    {
        _slices = slices;
        _weights = weights;
        _gradients = gradients;
        _aggregator = aggregator;
        _optimizer = optimizer;
        _limit = limit;
        _onEpochStart = onEpochStart;
        _beforeSlice = hooks?.BeforeComputeSlice;
        _abort = abort;
    }

    /// <summary>Completes when every worker has ended: faulted with the first failure, cancelled when the run was.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Starts one thread per worker, as many as the limit's ceiling.</summary>
    public void Start()
    {
        _running = _limit.Ceiling;
        for (int i = 0; i < _limit.Ceiling; i++)
        {
            int worker = i;
            new Thread(() => Run(worker)) { IsBackground = true, Name = $"lenet-compute-{worker + 1}" }.Start();
        }
    }

    private void Run(int worker)
    {
        CancellationToken cancellation = _abort.Token;
        try
        {
            var kernel = new GatedKernel(_weights, cancellation);
            while (true)
            {
                _limit.WaitUntilActive(worker, cancellation);
                if (!_slices.TryTake(cancellation, out Slice? slice))
                {
                    // No slices left: the workers waiting for the limit must see it too.
                    _limit.Finish();
                    break;
                }
                Compute(slice, kernel, cancellation);
                if (slice.InFlight.CompleteOne())
                {
                    _optimizer.Apply(_aggregator.Sum(slice.InFlight), cancellation);
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The run was stopped or another worker failed: that is reported elsewhere.
        }
        catch (Exception fault)
        {
            Interlocked.CompareExchange(ref _fault, fault, null);
            _abort.Cancel();
        }
        finally
        {
            if (Interlocked.Decrement(ref _running) == 0)
            {
                Complete(cancellation);
            }
        }
    }

    private void Complete(CancellationToken cancellation)
    {
        if (_fault is { } fault)
        {
            _completion.SetException(fault);
        }
        else if (cancellation.IsCancellationRequested)
        {
            _completion.SetCanceled(cancellation);
        }
        else
        {
            _completion.SetResult();
        }
    }

    private void Compute(Slice slice, GatedKernel gated, CancellationToken cancellation)
    {
        Batch batch = slice.Batch;
        _weights.WaitForConvolutions(batch.RequiredVersion, cancellation);
        if (batch.Kind == BatchKind.Train && Interlocked.Exchange(ref _lastEpochStarted, batch.Epoch) != batch.Epoch)
        {
            _onEpochStart(batch.Epoch);
        }
        gated.RequiredVersion = batch.RequiredVersion;
        _beforeSlice?.Invoke(slice);

        SampleGroupKernel kernel = gated.Kernel;
        ReadOnlySpan<float> parameters = _weights.Parameters;
        int count = slice.Count;
        int sliceEnd = slice.StartInBatch + count;
        bool wholeGroups = slice.StartInBatch % Group == 0 && (sliceEnd % Group == 0 || sliceEnd == batch.Count);
        for (int offset = 0; offset < count; offset += Group)
        {
            int n = Math.Min(Group, count - offset);
            ReadOnlySpan<byte> images = slice.Images.Span.Slice(offset * ParameterLayout.ImagePixels, n * ParameterLayout.ImagePixels);
            ReadOnlySpan<byte> labels = slice.ImageLabels.Span.Slice(offset, n);
            Span<float> groupLosses = slice.Losses.AsSpan(offset, n);
            Span<byte> groupPredictions = slice.Predictions.AsSpan(offset, n);
            if (batch.Kind == BatchKind.Evaluate)
            {
                kernel.Evaluate(parameters, images, labels, n, groupLosses, groupPredictions);
            }
            else if (slice.InFlight.SumsGroupsAsComputed)
            {
                float[] gradient = _gradients.Group.Rent();
                kernel.Train(parameters, images, labels, n, gradient, groupLosses, groupPredictions);
                slice.InFlight.GroupSum.Add((slice.StartInBatch + offset) / Group, gradient);
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
