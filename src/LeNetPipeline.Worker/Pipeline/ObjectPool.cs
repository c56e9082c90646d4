// A pool of reusable pipeline objects: gradient buffers (247 KB each, large-object heap), slices with their
// arrays, epoch orders. A steady-state epoch then allocates next to nothing, and with nothing to collect the
// working set stays flat from epoch to epoch (DESIGN contract 4): the GC's first-generation budget is sized from
// the cache (tens of MB here), so even 75 bytes per sample grew the process by 4 MB an epoch for 20 epochs.
// Last in, first out: the object handed out is the one given back last, the likeliest still in cache.
namespace LeNetPipeline.Worker.Pipeline;

internal sealed class ObjectPool<T>(Func<T> create)
    where T : class
{
    private readonly Stack<T> _free = new();

    public T Rent()
    {
        lock (_free)
        {
            if (_free.TryPop(out T? item))
            {
                return item;
            }
        }
        return create();
    }

    public void Return(T item)
    {
        lock (_free)
        {
            _free.Push(item);
        }
    }
}
