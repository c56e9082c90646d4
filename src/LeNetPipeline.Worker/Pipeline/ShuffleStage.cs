// Stage 2, Shuffle: the epoch's sample order, a pure function of seed and epoch (EpochSchedule.FillOrder), so a
// resumed run sees the order an uninterrupted run saw. Orders are pooled; the aggregator gives each one back.
using System.Threading.Tasks.Dataflow;
using LeNetPipeline.Training;

namespace LeNetPipeline.Worker.Pipeline;

internal sealed class ShuffleStage
{
    private readonly ulong _seed;
    private readonly bool _shuffle;
    // An empty pool hands out the shared empty array ([] is Array.Empty): Order makes the array at its size then.
    private readonly ObjectPool<int[]> _orders = new(() => []);

    public ShuffleStage(ulong seed, bool shuffle, int boundedCapacity, CancellationToken cancellation)
    {
        _seed = seed;
        _shuffle = shuffle;
        Block = new TransformBlock<EpochWork, EpochOrder>(Order, new ExecutionDataflowBlockOptions
        {
            BoundedCapacity = boundedCapacity,
            CancellationToken = cancellation,
        });
    }

    public TransformBlock<EpochWork, EpochOrder> Block { get; }

    /// <summary>Takes back an epoch's order that nothing reads any more.</summary>
    public void Return(int[] order) => _orders.Return(order);

    private EpochOrder Order(EpochWork work)
    {
        int[] order = _orders.Rent();
        if (order.Length != work.Train.Count)
        {
            order = new int[work.Train.Count];
        }
        EpochSchedule.FillOrder(order, work.Epoch, _seed, _shuffle);
        return new EpochOrder(work, order);
    }
}
