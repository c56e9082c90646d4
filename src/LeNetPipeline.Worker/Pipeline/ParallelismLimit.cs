// How many compute workers take slices: workers 0..Limit-1 do, the others wait between slices holding none, so
// no slice anyone waits for is stuck with them. The limit changes at epoch starts (live retuning).
namespace LeNetPipeline.Worker.Pipeline;

internal sealed class ParallelismLimit(int limit, int ceiling)
{
    private readonly object _gate = new();
    private int _limit = Math.Clamp(limit, 1, ceiling);
    private bool _finished;

    /// <summary>How many workers there are: the most the limit can rise to in this run.</summary>
    public int Ceiling { get; } = ceiling;

    public int Limit => Volatile.Read(ref _limit);

    /// <summary>Returns once worker <paramref name="worker"/> (0-based) may take a slice, or the run has no more; throws if cancelled while waiting.</summary>
    public void WaitUntilActive(int worker, CancellationToken cancellation)
    {
        if (worker < Volatile.Read(ref _limit))
        {
            return;
        }
        lock (_gate)
        {
            while (worker >= _limit && !_finished)
            {
                GateWait.Step(_gate, cancellation);
            }
        }
    }

    /// <summary>Sets a new limit (between 1 and the ceiling) and returns the one now in force.</summary>
    public int Change(int limit)
    {
        lock (_gate)
        {
            Volatile.Write(ref _limit, Math.Clamp(limit, 1, Ceiling));
            Monitor.PulseAll(_gate);
            return _limit;
        }
    }

    /// <summary>Lets every waiting worker go: there are no slices left, and they must see that to end.</summary>
    public void Finish()
    {
        lock (_gate)
        {
            _finished = true;
            Monitor.PulseAll(_gate);
        }
    }
}
