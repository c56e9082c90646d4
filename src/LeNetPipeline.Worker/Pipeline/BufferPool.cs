// A pool of equal-length arrays, so gradients (247 KB each: large-object heap) and pixel buffers are reused
// instead of allocated per slice; memory stays flat from epoch to epoch (DESIGN contract 4).
using System.Collections.Concurrent;

namespace LeNetPipeline.Worker.Pipeline;

internal sealed class BufferPool<T>(int length)
{
    private readonly ConcurrentBag<T[]> _free = [];

    public int Length { get; } = length;

    public T[] Rent() => _free.TryTake(out T[]? buffer) ? buffer : new T[Length];

    public void Return(T[] buffer)
    {
        if (buffer.Length != Length)
        {
            throw new ArgumentException($"a buffer of {buffer.Length} returned to a pool of {Length}", nameof(buffer));
        }
        _free.Add(buffer);
    }
}
