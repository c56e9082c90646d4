// A barrier that blocks at once (a lock and a wait, no spinning): the plainest way two threads can meet per batch,
// and so the synchronous ceiling a pipeline should come close to.
namespace LeNetPipeline.Bench.EndToEnd;

internal sealed class BlockingBarrier(int participants)
{
    private readonly object _lock = new();
    private int _arrived;
    private long _generation;

    public void SignalAndWait()
    {
        lock (_lock)
        {
            long generation = _generation;
            if (++_arrived == participants)
            {
                _arrived = 0;
                _generation++;
                Monitor.PulseAll(_lock);
                return;
            }
            while (generation == _generation)
            {
                Monitor.Wait(_lock);
            }
        }
    }
}
