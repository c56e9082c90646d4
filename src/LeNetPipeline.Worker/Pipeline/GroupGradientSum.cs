// Aggregate, as compute goes: a batch's gradient summed group by group while its slices are still computing, in
// group order whatever order the groups finish in (docs/architecture.md, The same bits for any parallelism). Each
// group's buffer goes back to the pool as soon as it is added, so the next group computes into a buffer still in
// cache, and the worker that finishes the batch finds its sum all but done: at most the last groups are left to add.
using System.Numerics.Tensors;

namespace LeNetPipeline.Worker.Pipeline;

internal sealed class GroupGradientSum
{
    private ObjectPool<float[]> _buffers = null!;
    private float[]?[] _finished = [];
    private float[]? _total;
    private int _groups;
    private int _added;
    // 1 while a worker adds finished groups. The others only leave theirs in _finished and go on computing: the
    // adder takes them in order, and looks again after it lets go, so a group left meanwhile is added now rather
    // than by the batch's finisher (Total adds whatever is left, so none is ever lost).
    private int _adding;

    /// <summary>Readies the sum for a batch of <paramref name="groups"/> groups, with buffers rented from and returned to <paramref name="buffers"/>.</summary>
    public void Reset(int groups, ObjectPool<float[]> buffers)
    {
        _buffers = buffers;
        if (_finished.Length < groups)
        {
            _finished = new float[]?[groups];
        }
        _groups = groups;
        _added = 0;
        _total = null;
    }

    /// <summary>Hands over the gradient sum of group <paramref name="group"/> (0-based in the batch); adds whatever is next in order.</summary>
    public void Add(int group, float[] gradient)
    {
        Volatile.Write(ref _finished[group], gradient);
        AddFinishedInOrder();
    }

    /// <summary>The batch's gradient sum, once every group has been handed over; waits for another worker still adding.</summary>
    public float[] Total()
    {
        var spinner = new SpinWait();
        while (Volatile.Read(ref _added) < _groups)
        {
            AddFinishedInOrder();
            if (Volatile.Read(ref _added) < _groups)
            {
                // Another worker holds the adding turn, for one or two group additions at most: microseconds.
                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }
        return _total!;
    }

    /// <summary>Takes back the sum's buffer; called once the update has read it.</summary>
    public void Release()
    {
        if (_total is not null)
        {
            _buffers.Return(_total);
            _total = null;
        }
    }

    private void AddFinishedInOrder()
    {
        // Both the hand-over (Volatile.Write, then this exchange) and the letting go (an exchange, then the read of
        // the next slot) are fenced, so either the adder sees a group handed over while it held the turn, or that
        // group's worker wins the turn itself. The turn orders the additions; the fences publish _total and the
        // slots to whichever worker adds next.
        while (Interlocked.CompareExchange(ref _adding, 1, 0) == 0)
        {
            int next = _added;
            while (next < _groups && Volatile.Read(ref _finished[next]) is { } gradient)
            {
                if (_total is null)
                {
                    // 0 + g, not a copy of g: the bits of a sum that starts from zeros (-0 becomes +0).
                    _total = _buffers.Rent();
                    TensorPrimitives.Add(gradient, 0f, _total);
                }
                else
                {
                    TensorPrimitives.Add(_total, gradient, _total);
                }
                _finished[next] = null;
                _buffers.Return(gradient);
                Volatile.Write(ref _added, ++next);
            }
            Interlocked.Exchange(ref _adding, 0);
            if (next >= _groups || Volatile.Read(ref _finished[next]) is null)
            {
                return;
            }
        }
    }
}
