// Where the compute workers take their slices: the slicer's queue of batches, handed out a slice at a time in
// sample order. Workers receive from Dataflow everything the slicer has ready at once, not a slice at a time:
// every receive from a bounded block may wake the slicer's task, a system call that would otherwise cost
// microseconds on every slice, while one receive of a few batches lets the slicer refill them in one go.
using System.Diagnostics.CodeAnalysis;
using System.Threading.Tasks.Dataflow;

namespace LeNetPipeline.Worker.Pipeline;

internal sealed class SliceQueue(IReceivableSourceBlock<BatchInFlight> batches)
{
    private readonly object _lock = new();
    // Batches received and not yet handed out; at most the slicer's capacity, so the slicer runs ahead of compute
    // by at most twice its capacity.
    private readonly Queue<BatchInFlight> _received = new();
    // The batch whose slices are being handed out; null once its last one is, since a finished batch goes back
    // to the slicer's pool and may come back as another.
    private BatchInFlight? _current;
    private int _next;

    /// <summary>The next slice; false once the slicer has completed and its queue is empty. Blocks only while the slicer is behind.</summary>
    public bool TryTake(CancellationToken cancellation, [NotNullWhen(true)] out Slice? slice)
    {
        while (true)
        {
            lock (_lock)
            {
                if (_current is null && _received.Count == 0 && batches.TryReceiveAll(out IList<BatchInFlight>? ready))
                {
                    foreach (BatchInFlight batch in ready)
                    {
                        _received.Enqueue(batch);
                    }
                }
                if (_current is null && _received.TryDequeue(out BatchInFlight? next))
                {
                    (_current, _next) = (next, 0);
                }
                if (_current is { } current)
                {
                    slice = current.Slices[_next++];
                    if (_next == current.Slices.Count)
                    {
                        _current = null;
                    }
                    return true;
                }
            }
            if (!batches.OutputAvailableAsync(cancellation).GetAwaiter().GetResult())
            {
                cancellation.ThrowIfCancellationRequested();
                slice = null;
                return false;
            }
        }
    }
}
