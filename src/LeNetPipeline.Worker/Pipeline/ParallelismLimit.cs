// A concurrency limit that can be changed while the compute block runs. Dataflow fixes a block's
// MaxDegreeOfParallelism at creation, so the block is built with the ceiling and this limit admits fewer;
// the pipeline changes it when an epoch's first training slice passes the gate (live tuning of
// Pipeline:ComputeParallelism); slices already admitted finish under the old limit.
// Enter blocks: the compute delegate is synchronous (no allocation per slice), and a compute task only waits
// here when the limit is below the ceiling, one thread per excess task, while another computes.
namespace LeNetPipeline.Worker.Pipeline;

internal sealed class ParallelismLimit(int limit, int ceiling)
{
    private readonly object _gate = new();
    private int _running;

    public int Ceiling { get; } = ceiling;

    public int Limit { get; private set; } = Math.Min(limit, ceiling);

    /// <summary>Waits until fewer than Limit callers are inside; throws if cancelled while waiting.</summary>
    public void Enter(CancellationToken cancellation)
    {
        lock (_gate)
        {
            while (_running >= Limit)
            {
                GateWait.Step(_gate, cancellation);
            }
            _running++;
        }
    }

    public void Exit()
    {
        lock (_gate)
        {
            _running--;
            // One slot freed, one waiter to admit; Change wakes them all.
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>Sets a new limit (capped at the ceiling) and returns the one now in force.</summary>
    public int Change(int limit)
    {
        lock (_gate)
        {
            Limit = Math.Clamp(limit, 1, Ceiling);
            Monitor.PulseAll(_gate);
            return Limit;
        }
    }
}
