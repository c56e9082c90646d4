// The running sum of a batch's group gradients and the queue the workers take slices from: the sum has the bits
// of an in-order sum from zeros whatever order and threads the groups come from, and the queue hands out every
// slice once, in sample order, across batches.
using System.Runtime.InteropServices;
using System.Threading.Tasks.Dataflow;
using LeNetPipeline.Data;
using LeNetPipeline.Model;
using LeNetPipeline.Worker.Pipeline;

namespace LeNetPipeline.Tests.Pipeline;

public class GroupGradientSumTests
{
    private const int Length = 4099;

    [Fact]
    public void Groups_handed_over_in_any_order_sum_to_the_bits_of_an_in_order_sum_from_zeros()
    {
        float[][] groups = [.. Enumerable.Range(0, 6).Select(Gradient)];
        var pool = new ObjectPool<float[]>(() => new float[Length]);
        var sum = new GroupGradientSum();
        sum.Reset(groups.Length, pool);

        foreach (int group in new[] { 4, 1, 5, 0, 3, 2 })
        {
            sum.Add(group, (float[])groups[group].Clone());
        }

        Assert.Equal(Bits(InOrderSum(groups)), Bits(sum.Total()));
    }

    [Fact]
    public void A_sum_of_negative_zeros_is_positive_zero_as_from_a_zeroed_buffer()
    {
        float[][] groups = [Filled(-0f), Filled(-0f)];
        var sum = new GroupGradientSum();
        sum.Reset(groups.Length, new ObjectPool<float[]>(() => new float[Length]));

        sum.Add(0, groups[0]);
        sum.Add(1, groups[1]);

        Assert.All(sum.Total(), value => Assert.Equal(0, BitConverter.SingleToInt32Bits(value)));
    }

    [Fact]
    public async Task Two_workers_handing_over_alternate_groups_batch_after_batch_give_every_batch_its_in_order_sum()
    {
        const int batches = 300, groupsPerBatch = 4;
        float[][] groups = [.. Enumerable.Range(0, groupsPerBatch).Select(Gradient)];
        byte[] expected = Bits(InOrderSum(groups));
        var pool = new ObjectPool<float[]>(() => new float[Length]);
        var sum = new GroupGradientSum();
        using var start = new Barrier(2);
        using var done = new Barrier(2);

        // Each batch: both workers hand over their groups at once; the one that handed over last takes the total.
        int handedOver = 0;
        byte[]?[] totals = new byte[batches][];
        Task Worker(int first) => Task.Factory.StartNew(() =>
        {
            for (int batch = 0; batch < batches; batch++)
            {
                start.SignalAndWait();
                for (int group = first; group < groupsPerBatch; group += 2)
                {
                    float[] gradient = pool.Rent();
                    groups[group].CopyTo(gradient, 0);
                    sum.Add(group, gradient);
                }
                if (Interlocked.Increment(ref handedOver) % 2 == 0)
                {
                    totals[batch] = Bits(sum.Total());
                    sum.Release();
                    sum.Reset(groupsPerBatch, pool);
                }
                done.SignalAndWait();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        sum.Reset(groupsPerBatch, pool);
        await Task.WhenAll(Worker(0), Worker(1)).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.All(totals, total => Assert.Equal(expected, total));
    }

    [Fact]
    public void The_slice_queue_hands_out_every_slice_once_in_sample_order_then_reports_the_end()
    {
        var batches = new BufferBlock<BatchInFlight>();
        List<Slice> queued = [];
        for (int index = 0; index < 3; index++)
        {
            BatchInFlight inFlight = InFlight(index, sliceCount: index + 1);
            queued.AddRange(inFlight.Slices);
            batches.Post(inFlight);
        }
        batches.Complete();
        var queue = new SliceQueue(batches);

        List<Slice> taken = [];
        while (queue.TryTake(CancellationToken.None, out Slice? slice))
        {
            taken.Add(slice);
        }

        Assert.Equal(queued, taken);
    }

    private static BatchInFlight InFlight(int index, int sliceCount)
    {
        LabelledImages images = new("train", new byte[16 * sliceCount * ParameterLayout.ImagePixels], new byte[16 * sliceCount]);
        var batch = new Batch(BatchKind.Train, Epoch: 1, Index: index, BatchesInEpoch: 3, RequiredVersion: index, images, new int[16 * sliceCount], Start: 0, Count: 16 * sliceCount);
        var inFlight = new BatchInFlight();
        inFlight.Assign(batch, sequence: index);
        for (int k = 0; k < sliceCount; k++)
        {
            var slice = new Slice(16);
            slice.Assign(inFlight, k, sliceCount, 16 * k, 16);
            inFlight.Slices.Add(slice);
        }
        return inFlight;
    }

    private static float[] InOrderSum(float[][] groups)
    {
        float[] total = new float[Length];
        foreach (float[] group in groups)
        {
            for (int i = 0; i < Length; i++)
            {
                total[i] += group[i];
            }
        }
        return total;
    }

    // Values of mixed magnitude and sign, so that the order of the additions shows in the rounding.
    private static float[] Gradient(int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, Length).Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-4, 4))))];
    }

    private static float[] Filled(float value) => [.. Enumerable.Repeat(value, Length)];

    private static byte[] Bits(float[] values) => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
}
