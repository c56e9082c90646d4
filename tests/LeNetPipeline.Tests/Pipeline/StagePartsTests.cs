// The small parts the stages are built from, each pinned down on its own: the version gate, the live parallelism
// limit, the optimizer's turn, the aggregator's order, the epoch order, the evaluation parts, the reusable random
// stream and the shifts.
using System.Threading.Tasks.Dataflow;
using LeNetPipeline.Data;
using LeNetPipeline.Model;
using LeNetPipeline.Randomness;
using LeNetPipeline.Training;
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
        long published = 3;
        Task next = OnOwnThread(() =>
        {
            store.WaitForVersion(4, CancellationToken.None);
            Assert.True(Interlocked.Read(ref published) >= 4, "the gate opened for version 4 before it was published");
        });
        Task later = OnOwnThread(() =>
        {
            store.WaitForVersion(5, CancellationToken.None);
            Assert.True(Interlocked.Read(ref published) >= 5, "the gate opened for version 5 before it was published");
        });

        Interlocked.Exchange(ref published, 4);
        store.Publish(4);
        await next.WaitAsync(TimeSpan.FromSeconds(30));
        Interlocked.Exchange(ref published, 5);
        store.Publish(5);
        await later.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Publishing_an_update_s_convolution_weights_opens_only_the_convolution_gate()
    {
        var store = new WeightStore(new float[1], version: 3);
        bool convolutionsPublished = false, everythingPublished = false;
        Task convolutions = OnOwnThread(() =>
        {
            store.WaitForConvolutions(4, CancellationToken.None);
            Assert.True(Volatile.Read(ref convolutionsPublished), "the convolution gate opened before its version was published");
        });
        Task everything = OnOwnThread(() =>
        {
            store.WaitForVersion(4, CancellationToken.None);
            Assert.True(Volatile.Read(ref everythingPublished), "the dense gate opened with the convolutions");
        });

        Volatile.Write(ref convolutionsPublished, true);
        store.PublishConvolutions(4);
        await convolutions.WaitAsync(TimeSpan.FromSeconds(30));
        Volatile.Write(ref everythingPublished, true);
        store.Publish(4);
        await everything.WaitAsync(TimeSpan.FromSeconds(30));
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
    public async Task Workers_above_the_parallelism_limit_wait_until_it_is_raised()
    {
        var limit = new ParallelismLimit(limit: 1, ceiling: 3);
        limit.WaitUntilActive(0, CancellationToken.None);
        bool raised = false;
        Task second = OnOwnThread(() =>
        {
            limit.WaitUntilActive(1, CancellationToken.None);
            Assert.True(Volatile.Read(ref raised), "worker 1 went on before the limit was raised");
        });

        Volatile.Write(ref raised, true);
        Assert.Equal(2, limit.Change(2));
        await second.WaitAsync(TimeSpan.FromSeconds(30));
        limit.WaitUntilActive(1, CancellationToken.None);
    }

    [Fact]
    public async Task Workers_waiting_for_the_limit_go_on_when_the_slices_run_out()
    {
        var limit = new ParallelismLimit(limit: 1, ceiling: 2);
        Task waiting = OnOwnThread(() => limit.WaitUntilActive(1, CancellationToken.None));
        limit.Finish();
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_wait_for_the_parallelism_limit_ends_when_the_run_is_cancelled()
    {
        var limit = new ParallelismLimit(limit: 1, ceiling: 2);
        using var cancel = new CancellationTokenSource();
        Task waiting = OnOwnThread(() => limit.WaitUntilActive(1, cancel.Token));
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
    public async Task The_optimizer_turn_lets_each_batch_in_only_after_the_one_before()
    {
        var turn = new VersionGate(0);
        long applied = 0;
        Task second = OnOwnThread(() =>
        {
            turn.WaitFor(1, CancellationToken.None);
            Assert.Equal(1, Interlocked.Read(ref applied));
        });
        Interlocked.Exchange(ref applied, 1);
        turn.Advance(1);
        await second.WaitAsync(TimeSpan.FromSeconds(30));
        turn.Advance(0);
        Assert.Equal(1, turn.Value);
    }

    [Fact]
    public void A_batch_is_summed_in_slice_order_onto_zeros_and_its_slices_go_back()
    {
        float[][] gradients = [.. Enumerable.Range(0, 4).Select(k => RandomGradient(seed: k))];
        var buffers = new GradientBuffers(ParameterLayout.Mnist.Count);
        var returned = new List<BatchInFlight>();
        var aggregator = new GradientAggregator(buffers, returned.Add, _ => { });
        LabelledImages images = new("train", new byte[64 * ParameterLayout.ImagePixels], new byte[64]);
        var batch = new Batch(BatchKind.Train, Epoch: 1, Index: 0, BatchesInEpoch: 2, RequiredVersion: 0, images, new int[64], Start: 0, Count: 64);
        var inFlight = new BatchInFlight();
        inFlight.Assign(batch, sequence: 7);
        for (int k = 0; k < 4; k++)
        {
            var slice = new Slice(16);
            slice.Assign(inFlight, sliceIndex: k, sliceCount: 4, startInBatch: 16 * k, count: 16);
            slice.Losses.AsSpan().Fill(0.1f * (k + 1));
            slice.Predictions.AsSpan().Fill((byte)(k % 2));
            float[] gradient = buffers.Group.Rent();
            gradients[k].CopyTo(gradient, 0);
            slice.GroupGradients.Add(gradient);
            inFlight.Slices.Add(slice);
        }
        inFlight.Seal(sumsGroupsAsComputed: false, groups: 4, buffers.Group);
        // Slices finish in any order; only the last to finish is told so.
        Assert.Equal([false, false, false, true], Enumerable.Range(0, 4).Select(_ => inFlight.CompleteOne()));

        BatchOutcome outcome = aggregator.Sum(inFlight);
        float[] sum = new float[ParameterLayout.Mnist.Count];
        sum.AsSpan().Fill(float.NaN);
        // In two ranges, as the optimizer asks for it: the bits of one pass.
        aggregator.SumGradients(inFlight, sum, 0, 1000);
        aggregator.SumGradients(inFlight, sum, 1000, ParameterLayout.Mnist.Count - 1000);
        aggregator.Release(inFlight);

        float[] expected = new float[ParameterLayout.Mnist.Count];
        foreach (float[] gradient in gradients)
        {
            for (int i = 0; i < expected.Length; i++)
            {
                expected[i] += gradient[i];
            }
        }
        Assert.Equal(expected, sum);
        Assert.Equal(32, outcome.Correct);
        Assert.Equal(7, outcome.Sequence);
        Assert.Same(inFlight, Assert.Single(returned));
    }

    [Fact]
    public async Task Consecutive_unshifted_samples_are_read_in_place_and_shuffled_ones_are_gathered()
    {
        byte[] pixels = new byte[40 * ParameterLayout.ImagePixels];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(i / ParameterLayout.ImagePixels);
        }
        byte[] labels = [.. Enumerable.Range(0, 40).Select(i => (byte)(i % 10))];
        var source = new LabelledImages("test", pixels, labels);
        int[] inOrder = [.. Enumerable.Range(0, 40)];
        int[] shuffled = [.. Enumerable.Range(0, 40).Reverse()];
        var stage = new SliceStage(16, seed: 1, maxShift: 0, new GradientBuffers(ParameterLayout.Mnist.Count).Group, boundedCapacity: 2, CancellationToken.None);

        stage.Block.Post(new Batch(BatchKind.Evaluate, 1, 1, 1, 1, source, inOrder, Start: 8, Count: 20));
        stage.Block.Post(new Batch(BatchKind.Train, 1, 0, 1, 0, source, shuffled, Start: 8, Count: 20));
        BatchInFlight evaluation = await stage.Block.ReceiveAsync(TimeSpan.FromSeconds(30));
        BatchInFlight training = await stage.Block.ReceiveAsync(TimeSpan.FromSeconds(30));

        Slice read = Assert.Single(evaluation.Slices);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(read.Images, out ArraySegment<byte> images));
        Assert.Same(pixels, images.Array);
        Assert.Equal(8 * ParameterLayout.ImagePixels, images.Offset);
        Assert.Equal(labels.AsSpan(8, 20).ToArray(), read.ImageLabels.ToArray());
        Slice gathered = training.Slices[0];
        Assert.Same(gathered.Pixels, System.Runtime.InteropServices.MemoryMarshal.TryGetArray(gathered.Images, out ArraySegment<byte> copy) ? copy.Array : null);
        Assert.Equal(31, gathered.Images.Span[0]);
        Assert.Equal(labels[31], gathered.ImageLabels.Span[0]);
    }

    private static float[] RandomGradient(int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, ParameterLayout.Mnist.Count).Select(_ => (float)(random.NextDouble() - 0.5))];
    }

    [Fact]
    public void An_epoch_order_is_a_permutation_fixed_by_seed_and_epoch()
    {
        int[] first = EpochSchedule.OrderFor(1000, epoch: 1, seed: 7, shuffle: true);
        Assert.Equal(Enumerable.Range(0, 1000), first.Order());
        Assert.Equal(first, EpochSchedule.OrderFor(1000, epoch: 1, seed: 7, shuffle: true));
        Assert.NotEqual(first, EpochSchedule.OrderFor(1000, epoch: 2, seed: 7, shuffle: true));
        Assert.NotEqual(first, EpochSchedule.OrderFor(1000, epoch: 1, seed: 8, shuffle: true));
        Assert.Equal(Enumerable.Range(0, 1000), EpochSchedule.OrderFor(1000, epoch: 1, seed: 7, shuffle: false));
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
