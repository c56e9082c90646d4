// The compute stage's own threads: a TaskScheduler with dedicated threads, handed to the compute block through
// ExecutionDataflowBlockOptions.TaskScheduler. Compute waits at the version gate by blocking: the optimizer's
// Publish wakes the waiting workers directly, one hop from the update to the next batch's compute, with nothing
// allocated per batch; on the thread pool, blocked workers would starve the aggregator and optimizer.
// One thread more than the block's parallelism: Dataflow also offers the block's results to the aggregator on
// this scheduler, and with every other thread blocked at the gate for the next batch, that one thread delivers
// the results that open it.
using System.Collections.Concurrent;

namespace LeNetPipeline.Worker.Pipeline;

internal sealed class ComputeThreads : TaskScheduler, IDisposable
{
    private readonly BlockingCollection<Task> _queue = [];
    private readonly Thread[] _threads;

    /// <param name="parallelism">The compute block's MaxDegreeOfParallelism; one more thread is made.</param>
    public ComputeThreads(int parallelism)
    {
        _threads = new Thread[parallelism + 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(Run) { IsBackground = true, Name = $"lenet-compute-{i + 1}" };
            _threads[i].Start();
        }
    }

    public override int MaximumConcurrencyLevel => _threads.Length;

    // The threads end once the queue is drained. Called after every block has completed, so no worker is still
    // waiting at the gate; not joined all the same, so that a bug there could never turn into a hang here.
    public void Dispose() => _queue.CompleteAdding();

    protected override void QueueTask(Task task) => _queue.Add(task);

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        Array.IndexOf(_threads, Thread.CurrentThread) >= 0 && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

    private void Run()
    {
        foreach (Task task in _queue.GetConsumingEnumerable())
        {
            TryExecuteTask(task);
        }
    }
}
