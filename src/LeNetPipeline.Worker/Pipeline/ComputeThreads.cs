// The compute stage's own threads: a TaskScheduler with one dedicated thread per worker task the compute block may
// run (its MaxDegreeOfParallelism), handed to it through ExecutionDataflowBlockOptions.TaskScheduler. Compute waits
// at the version gate by blocking: the optimizer's Publish wakes the waiting workers directly, one hop from the
// update to the next batch's compute, with nothing allocated per batch; on the thread pool, blocked workers would
// starve the aggregator and optimizer.
// Every thread takes tasks, whatever the live parallelism limit: a worker blocked at the gate holds a slice of the
// next batch, and the slice that opens the gate may still need a thread of its own (ComputeStage says why). The
// limit is applied after the gate instead (ParallelismLimit). A scheduler that parked the threads above the limit
// hung: at parallelism 1 its one live thread waited at the gate while the slice it waited for sat in a parked task.
using System.Collections.Concurrent;

namespace LeNetPipeline.Worker.Pipeline;

internal sealed class ComputeThreads : TaskScheduler, IDisposable
{
    private readonly BlockingCollection<Task> _queue = [];

    /// <param name="count">The compute block's MaxDegreeOfParallelism.</param>
    public ComputeThreads(int count)
    {
        Count = count;
        for (int i = 0; i < count; i++)
        {
            new Thread(Run) { IsBackground = true, Name = $"lenet-compute-{i + 1}" }.Start();
        }
    }

    /// <summary>How many threads there are: the most slices compute can hold at once.</summary>
    public int Count { get; }

    public override int MaximumConcurrencyLevel => Count;

    // The threads end once the queue is drained. Called after every block has completed, so no worker is still
    // waiting at the gate; not joined all the same, so that a bug there could never turn into a hang here.
    public void Dispose() => _queue.CompleteAdding();

    protected override void QueueTask(Task task) => _queue.Add(task);

    // Never inline: every compute task runs on a thread of its own, so the count of threads bounds the slices held.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

    private void Run()
    {
        foreach (Task task in _queue.GetConsumingEnumerable())
        {
            TryExecuteTask(task);
        }
    }
}
