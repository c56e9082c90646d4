// The rate and the time left that progress lines report. Timing starts when the first batch is applied: before it
// lies the pipeline's start-up (threads, the first gathers, just-in-time compilation), which is not training speed
// and would make the first line's rate low and its ETA long, most of all for the short remainder of a resumed run.
namespace LeNetPipeline.Worker.Training;

internal sealed class ProgressClock(TimeProvider time, TimeSpan interval)
{
    private long _start;
    private bool _started;
    private TimeSpan _lastReport;
    private long _samples;
    private long _samplesAtLastReport;
    private long _batches;

    /// <summary>Counts one applied batch of <paramref name="samples"/> samples, with <paramref name="batchesLeft"/>
    /// batches still to train; returns a reading when <c>interval</c> has passed since the last one (or since
    /// the first batch), else null. The rate is over that interval, the ETA from the average since the first batch.</summary>
    public ProgressReading? BatchApplied(int samples, long batchesLeft)
    {
        if (!_started)
        {
            _started = true;
            _start = time.GetTimestamp();
            return null;
        }
        _samples += samples;
        _batches++;
        TimeSpan now = time.GetElapsedTime(_start);
        if (now - _lastReport < interval)
        {
            return null;
        }
        var reading = new ProgressReading(
            (_samples - _samplesAtLastReport) / (now - _lastReport).TotalSeconds,
            Math.Max(0, batchesLeft * now.TotalSeconds / _batches));
        _lastReport = now;
        _samplesAtLastReport = _samples;
        return reading;
    }
}

/// <summary>Training samples per second over the last interval, and the seconds left at the average pace.</summary>
internal readonly record struct ProgressReading(double SamplesPerSecond, double EtaSeconds);
