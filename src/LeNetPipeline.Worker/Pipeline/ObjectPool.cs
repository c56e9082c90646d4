// A pool of reusable pipeline objects (gradient buffers, slices, batches in flight, epoch orders), so a steady-state
// epoch allocates next to nothing (docs/architecture.md, Bounded memory). Last in, first out: likeliest in cache.
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
