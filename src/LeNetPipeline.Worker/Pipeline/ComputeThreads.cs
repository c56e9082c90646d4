// The compute stage's own threads, and its live parallelism: a TaskScheduler with one dedicated thread per possible
// worker (the ceiling), of which only the first Limit take tasks; the rest park between tasks. Dataflow fixes a
// block's MaxDegreeOfParallelism at creation, so the compute block is built with the ceiling and the limit is
// applied here, where a task waiting for a thread holds no slice yet (Dataflow takes a message only once its task
// runs). Limiting inside the block's delegate instead made every slice change threads at parallelism 1 on a
// 2-core machine: the second task held the next slice while it waited, and each handover cost a thread wake-up.
// Compute waits at the version gate by blocking: the optimizer's Publish wakes the waiting workers directly,
// with nothing allocated per batch; on the thread pool, blocked workers would starve the aggregator and optimizer.
namespace LeNetPipeline.Worker.Pipeline;

internal sealed class ComputeThreads : TaskScheduler, IDisposable
{
    // Threads within the limit wait for tasks on _gate; threads above it park on _parking, so that queueing a
    // task wakes one thread that can run it and never a parked one.
    private readonly object _gate = new();
    private readonly object _parking = new();
    private readonly Queue<Task> _queue = new();
    private volatile int _limit;
    private volatile bool _completed;

    public ComputeThreads(int limit, int ceiling)
    {
        Ceiling = ceiling;
        _limit = Math.Clamp(limit, 1, ceiling);
        for (int i = 0; i < ceiling; i++)
        {
            int index = i;
            new Thread(() => Run(index)) { IsBackground = true, Name = $"lenet-compute-{i + 1}" }.Start();
        }
    }

    /// <summary>The most threads there can be; the compute block's MaxDegreeOfParallelism.</summary>
    public int Ceiling { get; }

    /// <summary>How many threads take tasks now.</summary>
    public int Limit => _limit;

    public override int MaximumConcurrencyLevel => Ceiling;

    /// <summary>
    /// Sets a new limit (between 1 and the ceiling) and returns the one now in force. A thread above a lowered
    /// limit finishes the task it is running first.
    /// </summary>
    public int Change(int limit)
    {
        int clamped = Math.Clamp(limit, 1, Ceiling);
        lock (_gate)
        {
            _limit = clamped;
            Monitor.PulseAll(_gate);
        }
        lock (_parking)
        {
            Monitor.PulseAll(_parking);
        }
        return clamped;
    }

    // The threads end once the queue is drained. Called after every block has completed, so no worker is still
    // waiting at the gate; not joined all the same, so that a bug there could never turn into a hang here.
    public void Dispose()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
        lock (_parking)
        {
            Monitor.PulseAll(_parking);
        }
    }

    protected override void QueueTask(Task task)
    {
        lock (_gate)
        {
            _queue.Enqueue(task);
            Monitor.Pulse(_gate);
        }
    }

    // Never inline: a task runs on a thread within the limit, or waits for one.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (_gate)
        {
            return _queue.ToArray();
        }
    }

    private void Run(int index)
    {
        while (true)
        {
            if (index >= _limit)
            {
                lock (_parking)
                {
                    while (index >= _limit && !_completed)
                    {
                        Monitor.Wait(_parking);
                    }
                }
            }
            Task? task = null;
            lock (_gate)
            {
                while (_queue.Count == 0 && index < _limit && !_completed)
                {
                    Monitor.Wait(_gate);
                }
                if (index >= _limit)
                {
                    // Parked by a lowered limit while waiting: a pulse meant for a thread that can run is passed on.
                    if (_queue.Count > 0)
                    {
                        Monitor.Pulse(_gate);
                    }
                }
                else if (_queue.Count > 0)
                {
                    task = _queue.Dequeue();
                }
                else if (_completed)
                {
                    return;
                }
            }
            if (task is not null)
            {
                TryExecuteTask(task);
            }
            else if (_completed && index >= _limit)
            {
                return;
            }
        }
    }
}
