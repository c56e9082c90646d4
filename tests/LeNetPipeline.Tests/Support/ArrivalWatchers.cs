// Waiters for the first item of a stream (output lines, notify messages) that matches what they look for. The owner
// checks what already arrived and adds a waiter under its own lock, and reports each arrival under that same lock,
// so no item can slip between the check and the wait; the waiters are completed after the lock is released.
namespace LeNetPipeline.Tests.Support;

internal sealed class ArrivalWatchers<T>
{
    private readonly List<(Func<T, bool> Match, TaskCompletionSource<T> Seen)> _watchers = [];

    /// <summary>Call under the owner's lock, once nothing that already arrived matches.</summary>
    public Task<T> Add(Func<T, bool> match)
    {
        var seen = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _watchers.Add((match, seen));
        return seen.Task;
    }

    /// <summary>Call under the owner's lock as <paramref name="item"/> arrives; run the returned action after releasing it.</summary>
    public Action Arrive(T item)
    {
        List<TaskCompletionSource<T>> matched = [];
        for (int i = _watchers.Count - 1; i >= 0; i--)
        {
            if (_watchers[i].Match(item))
            {
                matched.Add(_watchers[i].Seen);
                _watchers.RemoveAt(i);
            }
        }
        return () => matched.ForEach(seen => seen.TrySetResult(item));
    }
}
