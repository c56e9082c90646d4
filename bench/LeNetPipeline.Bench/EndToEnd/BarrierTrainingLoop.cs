// The plain loop on several threads that meet at a blocking barrier twice per batch: each computes its share of
// the batch's groups of 16 into one buffer per group; then thread 0 sums the group buffers in group order and
// applies the SGD step while the others wait. The same kernel, order and additions as PlainTrainingLoop and the
// pipeline, so the same bits; what it adds to the kernel is only what synchronous SGD must.
using System.Numerics.Tensors;
using LeNetPipeline.Data;
using LeNetPipeline.Model;
using LeNetPipeline.Model.Kernels;
using LeNetPipeline.Training;

namespace LeNetPipeline.Bench.EndToEnd;

internal sealed class BarrierTrainingLoop(int threads, int batchSize, ulong seed, bool shuffle, Func<int, double> learningRateAt, double momentum, double weightDecay)
{
    private const int Group = SampleGroupKernel.GroupSize;

    public void Train(float[] weights, SgdMomentum sgd, LabelledImages train, int epochs)
    {
        int groupsPerBatch = (batchSize + Group - 1) / Group;
        float[][] groupGradients = [.. Enumerable.Range(0, groupsPerBatch).Select(_ => new float[ParameterLayout.Mnist.Count])];
        float[] batchGradient = new float[ParameterLayout.Mnist.Count];
        int batches = EpochSchedule.BatchesPerEpoch(train.Count, batchSize);
        int[] order = new int[train.Count];
        var barrier = new BlockingBarrier(threads);
        Exception? fault = null;

        void Run(int thread)
        {
            var kernel = new SampleGroupKernel();
            byte[] images = new byte[Group * ParameterLayout.ImagePixels];
            byte[] labels = new byte[Group];
            float[] losses = new float[Group];
            byte[] predictions = new byte[Group];
            for (int epoch = 1; epoch <= epochs; epoch++)
            {
                if (thread == 0)
                {
                    EpochSchedule.FillOrder(order, epoch, seed, shuffle);
                }
                barrier.SignalAndWait();
                float learningRate = (float)learningRateAt(epoch);
                for (int batch = 0; batch < batches; batch++)
                {
                    int start = batch * batchSize;
                    int count = Math.Min(batchSize, train.Count - start);
                    int groups = (count + Group - 1) / Group;
                    for (int g = thread * groups / threads; g < (thread + 1) * groups / threads; g++)
                    {
                        int n = Math.Min(Group, count - g * Group);
                        EpochSchedule.Gather(train, order.AsSpan(start + g * Group, n), images, labels, null, 0);
                        kernel.Train(weights, images, labels, n, groupGradients[g], losses, predictions);
                    }
                    barrier.SignalAndWait();
                    if (thread == 0)
                    {
                        Array.Clear(batchGradient);
                        for (int g = 0; g < groups; g++)
                        {
                            TensorPrimitives.Add(batchGradient, groupGradients[g], batchGradient);
                        }
                        if (!sgd.Step(weights, batchGradient, count, learningRate, (float)momentum, (float)weightDecay))
                        {
                            fault ??= new InvalidOperationException($"training diverged at epoch {epoch}, batch {batch + 1}");
                        }
                    }
                    barrier.SignalAndWait();
                }
            }
        }

        Thread[] workers = [.. Enumerable.Range(1, threads - 1).Select(t => new Thread(() => Run(t)) { IsBackground = true })];
        foreach (Thread worker in workers)
        {
            worker.Start();
        }
        Run(0);
        foreach (Thread worker in workers)
        {
            worker.Join();
        }
        if (fault is not null)
        {
            throw fault;
        }
    }
}
