// The small parts the stages are built from, each pinned down on its own: the version gate, the live parallelism
// limit, the compute stage's bound and liveness, the aggregator's order, the epoch order, the evaluation parts, the
// reusable random stream and the shifts.
using System.Threading.Tasks.Dataflow;
using LeNetPipeline.Data;
using LeNetPipeline.Model;
using LeNetPipeline.Randomness;
using LeNetPipeline.Worker.Pipeline;

namespace LeNetPipeline.Tests.Pipeline;

public class StagePartsTests
{
    // The gate and the limit block their callers: each waiter runs on a thread of its own here.
    private static Task OnOwnThread(Action wait) => Task.Factory.StartNew(wait, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    [Fact]
    public async Task The_weight_gate_opens_only_when_the_required_version_is_published()
    {
        var store = new WeightStore(new float[1], version: 3);
        store.WaitForVersion(3, CancellationToken.None);
        Task next = OnOwnThread(() => store.WaitForVersion(4, CancellationToken.None));
        Task later = OnOwnThread(() => store.WaitForVersion(5, CancellationToken.None));
        await Task.Delay(100);
        Assert.False(next.IsCompleted);

        store.Publish(4);
        await next.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(later.IsCompleted);
        store.Publish(5);
        await later.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Publishing_an_update_s_convolution_weights_opens_only_the_convolution_gate()
    {
        var store = new WeightStore(new float[1], version: 3);
        Task convolutions = OnOwnThread(() => store.WaitForConvolutions(4, CancellationToken.None));
        Task everything = OnOwnThread(() => store.WaitForVersion(4, CancellationToken.None));
        await Task.Delay(100);
        Assert.False(convolutions.IsCompleted);

        store.PublishConvolutions(4);
        await convolutions.WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(100);
        Assert.False(everything.IsCompleted);
        store.Publish(4);
        await everything.WaitAsync(TimeSpan.FromSeconds(5));
        store.WaitForConvolutions(4, CancellationToken.None);
    }

    [Fact]
    public async Task The_weight_gate_wait_ends_when_the_run_is_cancelled()
    {
        var store = new WeightStore(new float[1], version: 0);
        using var cancel = new CancellationTokenSource();
        Task waiting = OnOwnThread(() => store.WaitForVersion(1, cancel.Token));
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task The_parallelism_limit_admits_no_more_than_its_limit_and_a_raise_admits_waiters()
    {
        var limit = new ParallelismLimit(limit: 1, ceiling: 4);
        limit.Enter(CancellationToken.None);
        Task second = OnOwnThread(() => limit.Enter(CancellationToken.None));
        await Task.Delay(100);
        Assert.False(second.IsCompleted);

        Assert.Equal(2, limit.Change(2));
        await second.WaitAsync(TimeSpan.FromSeconds(5));
        Task third = OnOwnThread(() => limit.Enter(CancellationToken.None));
        await Task.Delay(100);
        Assert.False(third.IsCompleted);
        limit.Exit();
        await third.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_wait_for_the_parallelism_limit_ends_when_the_run_is_cancelled()
    {
        var limit = new ParallelismLimit(limit: 1, ceiling: 2);
        limit.Enter(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        Task waiting = OnOwnThread(() => limit.Enter(cancel.Token));
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void The_parallelism_limit_is_capped_at_its_ceiling()
    {
        var limit = new ParallelismLimit(limit: 2, ceiling: 3);
        Assert.Equal(3, limit.Change(64));
        Assert.Equal(1, limit.Change(0));
    }

    [Fact]
    public async Task The_compute_stage_takes_in_no_more_slices_than_it_has_workers()
    {
        // More slices than workers could let every worker block at the gate on the next batch while the slice that
        // opens it waits in the queue (ComputeStage says why): the block must refuse the extra slice instead.
        var limit = new ParallelismLimit(limit: 2, ceiling: 3);
        using var threads = new ComputeThreads(limit.Ceiling);
        using var cancel = new CancellationTokenSource();
        var compute = new ComputeStage(new WeightStore(new float[ParameterLayout.Mnist.Count], version: 0), new GradientBuffers(ParameterLayout.Mnist.Count), _ => { }, limit,
            _ => { }, () => { }, threads, boundedCapacity: 8, cancel.Token);
        Batch nextBatch = TrainBatch(index: 1, requiredVersion: 1);

        bool[] accepted = [.. Enumerable.Range(0, 4).Select(k => compute.Block.Post(SliceOf(nextBatch, k)))];

        Assert.Equal([true, true, true, false], accepted);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => compute.Block.Completion.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task At_parallelism_one_a_slice_is_computed_while_another_worker_waits_at_the_gate()
    {
        // The slice of the next batch arrives first (Dataflow may start slices out of order) and blocks at the gate:
        // the slice that opens the gate must still be computed, or the run hangs.
        var limit = new ParallelismLimit(limit: 1, ceiling: 2);
        using var threads = new ComputeThreads(limit.Ceiling);
        using var cancel = new CancellationTokenSource();
        var store = new WeightStore(new float[ParameterLayout.Mnist.Count], version: 0);
        var delivered = new System.Collections.Concurrent.ConcurrentQueue<long>();
        var compute = new ComputeStage(store, new GradientBuffers(ParameterLayout.Mnist.Count), slice => delivered.Enqueue(slice.Batch.Index), limit,
            _ => { }, () => { }, threads, boundedCapacity: 8, cancel.Token);

        Assert.True(compute.Block.Post(SliceOf(TrainBatch(index: 1, requiredVersion: 1), 0)));
        await Task.Delay(100);
        Assert.True(compute.Block.Post(SliceOf(TrainBatch(index: 0, requiredVersion: 0), 3)));
        await WaitUntil(() => delivered.Count == 1);
        Assert.Equal([0L], delivered);

        store.Publish(1);
        await WaitUntil(() => delivered.Count == 2);
        compute.Block.Complete();
        await compute.Block.Completion.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static Batch TrainBatch(int index, long requiredVersion)
    {
        LabelledImages images = new("train", new byte[64 * ParameterLayout.ImagePixels], new byte[64]);
        return new Batch(BatchKind.Train, Epoch: 1, Index: index, BatchesInEpoch: 2, RequiredVersion: requiredVersion, images, new int[64], Start: 0, Count: 64);
    }

    private static Slice SliceOf(Batch batch, int k)
    {
        var slice = new Slice(16);
        slice.Assign(sequence: batch.Index * 4 + k, batch, sliceIndex: k, sliceCount: 4, startInBatch: 16 * k, count: 16);
        return slice;
    }

    [Fact]
    public void Slices_delivered_out_of_order_are_summed_in_sample_order()
    {
        float[][] gradients = [.. Enumerable.Range(0, 4).Select(k => RandomGradient(seed: k))];
        (float[] Sum, double Loss, int Correct) InOrder(int[] arrival)
        {
            var buffers = new GradientBuffers(ParameterLayout.Mnist.Count);
            var aggregator = new GradientAggregator(buffers, _ => { }, _ => { }, boundedCapacity: 8, CancellationToken.None);
            LabelledImages images = new("train", new byte[64 * ParameterLayout.ImagePixels], new byte[64]);
            var batch = new Batch(BatchKind.Train, Epoch: 1, Index: 0, BatchesInEpoch: 2, RequiredVersion: 0, images, new int[64], Start: 0, Count: 64);
            foreach (int k in arrival)
            {
                var slice = new Slice(16);
                slice.Assign(sequence: k, batch, sliceIndex: k, sliceCount: 4, startInBatch: 16 * k, count: 16);
                slice.Losses.AsSpan().Fill(0.1f * (k + 1));
                slice.Predictions.AsSpan().Fill((byte)(k % 2));
                float[] gradient = buffers.Group.Rent();
                gradients[k].CopyTo(gradient, 0);
                slice.GroupGradients.Add(gradient);
                Assert.False(aggregator.Block.TryReceive(out _));
                aggregator.Deliver(slice);
            }
            BatchOutcome outcome = aggregator.Block.Receive(TimeSpan.FromSeconds(60));
            Assert.False(aggregator.Block.TryReceive(out _));
            return (outcome.GradientSum!, outcome.LossSum, outcome.Correct);
        }

        var sorted = InOrder([0, 1, 2, 3]);
        var shuffled = InOrder([2, 0, 3, 1]);
        Assert.Equal(sorted.Sum, shuffled.Sum);
        Assert.Equal(sorted.Loss, shuffled.Loss);
        Assert.Equal(32, shuffled.Correct);
        float[] expected = new float[ParameterLayout.Mnist.Count];
        foreach (float[] gradient in gradients)
        {
            for (int i = 0; i < expected.Length; i++)
            {
                expected[i] += gradient[i];
            }
        }
        Assert.Equal(expected, shuffled.Sum);
    }

    private static float[] RandomGradient(int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, ParameterLayout.Mnist.Count).Select(_ => (float)(random.NextDouble() - 0.5))];
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not become true within 30 s");
            await Task.Delay(10);
        }
    }

    [Fact]
    public void An_epoch_order_is_a_permutation_fixed_by_seed_and_epoch()
    {
        int[] first = ShuffleStage.OrderFor(1000, epoch: 1, seed: 7, shuffle: true);
        Assert.Equal(Enumerable.Range(0, 1000), first.Order());
        Assert.Equal(first, ShuffleStage.OrderFor(1000, epoch: 1, seed: 7, shuffle: true));
        Assert.NotEqual(first, ShuffleStage.OrderFor(1000, epoch: 2, seed: 7, shuffle: true));
        Assert.NotEqual(first, ShuffleStage.OrderFor(1000, epoch: 1, seed: 8, shuffle: true));
        Assert.Equal(Enumerable.Range(0, 1000), ShuffleStage.OrderFor(1000, epoch: 1, seed: 7, shuffle: false));
    }

    [Fact]
    public void A_shifted_image_is_the_original_moved_by_at_most_the_maximum_with_zeros_shifted_in()
    {
        byte[] image = new byte[ParameterLayout.ImagePixels];
        for (int i = 0; i < image.Length; i++)
        {
            image[i] = (byte)(1 + i % 250);
        }
        var random = new SeededRandom(3);
        for (int trial = 0; trial < 50; trial++)
        {
            byte[] shifted = new byte[ParameterLayout.ImagePixels];
            ShiftAugmentation.CopyShifted(image, shifted, random, maxShift: 2);
            (int dx, int dy) = FindShift(image, shifted);
            Assert.InRange(dx, -2, 2);
            Assert.InRange(dy, -2, 2);
        }
    }

    [Fact]
    public void A_restarted_generator_draws_exactly_what_a_new_one_for_that_stream_draws()
    {
        var reused = new SeededRandom(99);
        reused.NextUInt64();
        reused.RestartStream(seed: 7, stream: 12);
        SeededRandom fresh = SeededRandom.ForStream(seed: 7, stream: 12);
        Assert.Equal(Enumerable.Range(0, 8).Select(_ => fresh.NextUInt64()), Enumerable.Range(0, 8).Select(_ => reused.NextUInt64()));
    }

    [Fact]
    public async Task An_epoch_evaluates_its_test_set_in_bounded_parts_that_cover_it_once_after_the_last_update()
    {
        static LabelledImages Blank(string name, int count) => new(name, new byte[count * ParameterLayout.ImagePixels], new byte[count]);
        LabelledImages train = Blank("train", 130), test = Blank("test", 2 * BatchStage.EvaluationPart + 5);
        var work = new EpochWork(Epoch: 2, train, test, FirstBatch: 0) { TestOrder = [.. Enumerable.Range(0, test.Count)] };
        var cut = BatchStage.Create(batchSize: 64, boundedCapacity: 64, CancellationToken.None);
        await cut.SendAsync(new EpochOrder(work, [.. Enumerable.Range(0, train.Count)]));
        cut.Complete();
        List<Batch> batches = [];
        while (await cut.OutputAvailableAsync())
        {
            batches.Add(await cut.ReceiveAsync());
        }

        Batch[] parts = [.. batches.Where(batch => batch.Kind == BatchKind.Evaluate)];
        Assert.Equal([BatchStage.EvaluationPart, BatchStage.EvaluationPart, 5], parts.Select(part => part.Count));
        Assert.Equal([0, BatchStage.EvaluationPart, 2 * BatchStage.EvaluationPart], parts.Select(part => part.Start));
        Assert.Equal([false, false, true], parts.Select(part => part.IsLastEvaluationPart));
        // Three training batches per epoch: epoch 2's evaluation needs the 3 + 3 updates of epochs 1 and 2.
        Assert.All(parts, part => Assert.Equal(6, part.RequiredVersion));
        Assert.True(batches.Last(batch => batch.Kind == BatchKind.Train).IsLastTrainBatch);
    }

    [Fact]
    public void Dataflow_releasing_a_reservation_during_an_abort_is_an_aftermath_not_a_fault()
    {
        ISourceBlock<int> source = new BufferBlock<int>();
        InvalidOperationException dataflowFault = Assert.Throws<InvalidOperationException>(
            () => source.ReleaseReservation(new DataflowMessageHeader(1), new ActionBlock<int>(_ => { })));
        using var abort = new CancellationTokenSource();
        Assert.False(TrainingPipeline.IsCancellationAftermath(dataflowFault, abort.Token));

        abort.Cancel();
        Assert.True(TrainingPipeline.IsCancellationAftermath(dataflowFault, abort.Token));
        Assert.False(TrainingPipeline.IsCancellationAftermath(new InvalidOperationException("ours"), abort.Token));
    }

    private static (int Dx, int Dy) FindShift(byte[] original, byte[] shifted)
    {
        const int side = ParameterLayout.ImageSide;
        for (int dy = -2; dy <= 2; dy++)
        {
            for (int dx = -2; dx <= 2; dx++)
            {
                bool matches = true;
                for (int y = 0; y < side && matches; y++)
                {
                    for (int x = 0; x < side && matches; x++)
                    {
                        int sy = y - dy, sx = x - dx;
                        byte expected = sy is >= 0 and < side && sx is >= 0 and < side ? original[sy * side + sx] : (byte)0;
                        matches = shifted[y * side + x] == expected;
                    }
                }
                if (matches)
                {
                    return (dx, dy);
                }
            }
        }
        throw new Xunit.Sdk.XunitException("the shifted image is no translation of the original by up to 2 pixels");
    }
}
