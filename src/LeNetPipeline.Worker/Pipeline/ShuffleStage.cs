// Stage 2, Shuffle: the epoch's sample order, a permutation drawn from a stream keyed by (seed, epoch) alone,
// so a resumed run sees exactly the order an uninterrupted run saw, with no generator state to carry.
// Orders are pooled (240 KB each for MNIST, large-object heap): the aggregator gives an epoch's order back once
// its last training slice is summed.
using System.Threading.Tasks.Dataflow;
using LeNetPipeline.Randomness;

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

    public static int[] OrderFor(int count, int epoch, ulong seed, bool shuffle)
    {
        int[] order = new int[count];
        Fill(order, epoch, seed, shuffle);
        return order;
    }

    private EpochOrder Order(EpochWork work)
    {
        int[] order = _orders.Rent();
        if (order.Length != work.Train.Count)
        {
            order = new int[work.Train.Count];
        }
        Fill(order, work.Epoch, _seed, _shuffle);
        return new EpochOrder(work, order);
    }

    private static void Fill(int[] order, int epoch, ulong seed, bool shuffle)
    {
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        if (shuffle)
        {
            SeededRandom.ForStream(seed, RandomStreams.Shuffle(epoch)).Shuffle(order);
        }
    }
}
