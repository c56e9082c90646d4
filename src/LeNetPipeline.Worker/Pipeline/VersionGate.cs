// A counter that only grows, and a wait for it to reach a value (the weights' versions, the optimizer's turn).
// A waiter spins briefly, since the value usually comes within one update, then blocks; Advance takes the lock
// only when someone sleeps.
using System.Diagnostics;

namespace LeNetPipeline.Worker.Pipeline;

internal sealed class VersionGate(long value)
{
    // About the time the last finisher of a batch needs for its sum and update; a longer wait is rather the
    // slicer falling behind, a stop, or a test holding the pipeline, which a blocked thread serves as well.
    private static readonly long SpinTicks = Stopwatch.Frequency / 5_000;

    private readonly object _lock = new();
    private long _value = value;
    private int _sleepers;

    public long Value => Volatile.Read(ref _value);

    /// <summary>Returns once the value is at least <paramref name="value"/>; throws if cancelled first.</summary>
    public void WaitFor(long value, CancellationToken cancellation)
    {
        if (Volatile.Read(ref _value) >= value)
        {
            return;
        }
        long spinUntil = Stopwatch.GetTimestamp() + SpinTicks;
        while (Stopwatch.GetTimestamp() < spinUntil)
        {
            Thread.SpinWait(16);
            if (Volatile.Read(ref _value) >= value)
            {
                return;
            }
        }
        lock (_lock)
        {
            // Counted before the value is read again, and both are fenced: an Advance either sees this sleeper
            // and wakes it, or wrote its value before the read below, which then sees it.
            Interlocked.Increment(ref _sleepers);
            try
            {
                while (Volatile.Read(ref _value) < value)
                {
                    GateWait.Step(_lock, cancellation);
                }
            }
            finally
            {
                Interlocked.Decrement(ref _sleepers);
            }
        }
    }

    /// <summary>Raises the value to <paramref name="value"/> (never lowers it) and wakes whoever it lets through.</summary>
    public void Advance(long value)
    {
        long current = Volatile.Read(ref _value);
        while (current < value)
        {
            long seen = Interlocked.CompareExchange(ref _value, value, current);
            if (seen == current)
            {
                break;
            }
            current = seen;
        }
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _sleepers) > 0)
        {
            lock (_lock)
            {
                Monitor.PulseAll(_lock);
            }
        }
    }
}
