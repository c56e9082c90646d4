// The slice stage's own threads: a TaskScheduler with two dedicated threads, handed to the slice block through
// ExecutionDataflowBlockOptions.TaskScheduler. The slicer waits at the version gate once per batch; waiting by
// blocking costs nothing per batch, where awaiting cost a state machine, a promise and Dataflow's continuation
// (600 bytes a batch, the last steady allocation of an epoch), and it never holds a thread-pool thread.
// Two threads, because Dataflow also offers the block's output to compute on this scheduler: with one, the
// slicer blocked at the next batch's gate would keep the current batch's slices from ever leaving.
using System.Collections.Concurrent;

namespace LeNetPipeline.Worker.Pipeline;

internal sealed class GateThreads : TaskScheduler, IDisposable
{
    private readonly BlockingCollection<Task> _queue = [];
    private readonly Thread[] _threads;

    public GateThreads()
    {
        _threads = [new Thread(Run) { IsBackground = true, Name = "lenet-slice-gate" }, new Thread(Run) { IsBackground = true, Name = "lenet-slice-offer" }];
        foreach (Thread thread in _threads)
        {
            thread.Start();
        }
    }

    public override int MaximumConcurrencyLevel => _threads.Length;

    // The threads end once the queue is drained. Not joined: a slicer still waiting at the gate (the run ended by
    // an error before the blocks were cancelled) leaves within the gate's cancellation poll, and must not hang this.
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
