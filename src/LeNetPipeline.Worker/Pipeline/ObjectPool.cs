// A pool of reusable pipeline objects: gradient buffers, slices with their arrays, batches in flight, epoch
// orders. A steady-state epoch then allocates next to nothing, and with nothing to collect the working set stays
// flat from epoch to epoch (docs/architecture.md, Bounded memory).
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
