// Stage 2, Shuffle: the epoch's sample order, a permutation drawn from a stream keyed by (seed, epoch) alone,
// so a resumed run sees exactly the order an uninterrupted run saw, with no generator state to carry.
using System.Threading.Tasks.Dataflow;
using LeNetPipeline.Randomness;

namespace LeNetPipeline.Worker.Pipeline;

internal static class ShuffleStage
{
    public static TransformBlock<EpochWork, EpochOrder> Create(ulong seed, bool shuffle, int boundedCapacity, CancellationToken cancellation) =>
        new(work => new EpochOrder(work, OrderFor(work.Train.Count, work.Epoch, seed, shuffle)), new ExecutionDataflowBlockOptions
        {
            BoundedCapacity = boundedCapacity,
            CancellationToken = cancellation,
        });

    public static int[] OrderFor(int count, int epoch, ulong seed, bool shuffle)
    {
        int[] order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }
        if (shuffle)
        {
            SeededRandom.ForStream(seed, RandomStreams.Shuffle(epoch)).Shuffle(order);
        }
        return order;
    }
}
