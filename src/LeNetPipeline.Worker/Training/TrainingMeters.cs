// The "LeNetPipeline" meter (System.Diagnostics.Metrics): a training run as dotnet-counters and OpenTelemetry see it
// live. The optimizer block reports through RunRecorder, the one writer; listeners poll the gauges from their own
// threads and copy the figures under a lock, so they always belong together (a value copied, not an object per
// batch: the meters allocate nothing while training).
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LeNetPipeline.Worker.Training;

internal sealed class TrainingMeters
{
    public const string MeterName = "LeNetPipeline";
    public const string SamplesName = "lenet.train.samples";
    public const string SamplesPerSecondName = "lenet.train.samples_per_second";
    public const string LossName = "lenet.train.loss";
    public const string AccuracyName = "lenet.train.accuracy";
    public const string EpochName = "lenet.train.epoch";
    public const string BatchName = "lenet.train.batch";
    public const string TestLossName = "lenet.test.loss";
    public const string TestAccuracyName = "lenet.test.accuracy";

    /// <summary>The throughput is measured over windows this long: short enough to follow, long enough not to jitter.</summary>
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(1);

    private readonly Counter<long> _samples;

    // Written after every batch under the lock; a listener copies all of one batch's figures, together.
    private readonly object _gate = new();
    private Snapshot _snapshot;

    // The throughput window: touched by the one writer only.
    private long _samplesTotal;
    private long _windowStart;
    private long _windowStartSamples;

    public TrainingMeters(IMeterFactory meterFactory)
    {
        // The factory owns the meter and disposes it with the host.
        Meter meter = meterFactory.Create(MeterName);
        _samples = meter.CreateCounter<long>(SamplesName, "{sample}", "Training samples whose update has been applied");
        meter.CreateObservableGauge(SamplesPerSecondName, () => Read(s => s.SamplesPerSecond),
            "{sample}/s", "Training samples per second over the last second (evaluation pauses left out)");
        meter.CreateObservableGauge(LossName, () => Read(s => s.Loss),
            null, "Mean cross-entropy of the current epoch's training batches so far");
        meter.CreateObservableGauge(AccuracyName, () => Read(s => s.Accuracy),
            null, "Share (0..1) of the current epoch's training samples predicted right so far");
        meter.CreateObservableGauge(EpochName, () => Read(s => s.Epoch),
            "{epoch}", "The epoch being trained (1-based)");
        meter.CreateObservableGauge(BatchName, () => Read(s => s.Batch),
            "{batch}", "Batches of the current epoch trained so far");
        meter.CreateObservableGauge(TestLossName, () => Read(s => s.TestLoss),
            null, "Mean cross-entropy on the test set after the last finished epoch");
        meter.CreateObservableGauge(TestAccuracyName, () => Read(s => s.TestAccuracy),
            null, "Share (0..1) of the test set predicted right after the last finished epoch");
    }

    /// <summary>After each update: the batch's size, where the run stands, and the epoch's running loss and accuracy.</summary>
    public void BatchTrained(int epoch, int batch, int samples, double epochLoss, double epochAccuracy)
    {
        _samples.Add(samples);
        lock (_gate)
        {
            if (epoch != _snapshot.Epoch)
            {
                // The first batch of an epoch opens a new window: the evaluation before it was no training time.
                _windowStart = 0;
            }
            _samplesTotal += samples;
            _snapshot = _snapshot with
            {
                Epoch = epoch,
                Batch = batch,
                Loss = epochLoss,
                Accuracy = epochAccuracy,
                SamplesPerSecond = Throughput(_snapshot.SamplesPerSecond),
            };
        }
    }

    public void EpochEvaluated(double testLoss, double testAccuracy)
    {
        lock (_gate)
        {
            _snapshot = _snapshot with { TestLoss = testLoss, TestAccuracy = testAccuracy };
        }
    }

    private double? Throughput(double? previous)
    {
        long now = Stopwatch.GetTimestamp();
        if (_windowStart == 0)
        {
            (_windowStart, _windowStartSamples) = (now, _samplesTotal);
            return previous;
        }
        TimeSpan elapsed = Stopwatch.GetElapsedTime(_windowStart, now);
        if (elapsed <= TimeSpan.Zero)
        {
            return previous;
        }
        // Until a whole window has passed, the growing one is the best estimate there is; then whole windows only.
        double? rate = previous;
        if (elapsed >= RateWindow || previous is null)
        {
            rate = (_samplesTotal - _windowStartSamples) / elapsed.TotalSeconds;
        }
        if (elapsed >= RateWindow)
        {
            (_windowStart, _windowStartSamples) = (now, _samplesTotal);
        }
        return rate;
    }

    private IEnumerable<Measurement<T>> Read<T>(Func<Snapshot, T?> figure)
        where T : struct
    {
        Snapshot snapshot;
        lock (_gate)
        {
            snapshot = _snapshot;
        }
        return figure(snapshot) is T value ? [new Measurement<T>(value)] : [];
    }

    /// <summary>What the gauges show; a figure is null until there is one (no test result before the first epoch ends).</summary>
    private readonly record struct Snapshot
    {
        public int? Epoch { get; init; }

        public int? Batch { get; init; }

        public double? Loss { get; init; }

        public double? Accuracy { get; init; }

        public double? SamplesPerSecond { get; init; }

        public double? TestLoss { get; init; }

        public double? TestAccuracy { get; init; }
    }
}
