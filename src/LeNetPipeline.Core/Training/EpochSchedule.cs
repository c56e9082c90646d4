// What an epoch feeds the network, as pure functions of (seed, epoch, batch): the sample order, the batches cut
// from it, and each training image as gathered (shifted when augmenting). The pipeline's stages and the plain
// loop both call these, so they train on the same bytes in the same order.
using LeNetPipeline.Data;
using LeNetPipeline.Model;
using LeNetPipeline.Randomness;

namespace LeNetPipeline.Training;

public static class EpochSchedule
{
    public static int BatchesPerEpoch(int samples, int batchSize) => (samples + batchSize - 1) / batchSize;

    /// <summary>A new array holding the epoch's sample order.</summary>
    public static int[] OrderFor(int count, int epoch, ulong seed, bool shuffle)
    {
        int[] order = new int[count];
        FillOrder(order, epoch, seed, shuffle);
        return order;
    }

    /// <summary>Writes the epoch's sample order: 0..n-1, shuffled by the stream of (seed, epoch) when asked.</summary>
    public static void FillOrder(int[] order, int epoch, ulong seed, bool shuffle)
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

    /// <summary>Restarts <paramref name="shifts"/> on the stream of a training batch's shifts, drawn in sample order.</summary>
    public static void RestartShifts(SeededRandom shifts, ulong seed, int epoch, int batch) =>
        shifts.RestartStream(seed, RandomStreams.Augment(epoch, batch));

    /// <summary>
    /// Copies the given samples' images and labels, consecutively; with <paramref name="shifts"/>, each image is
    /// shifted by the stream's next draw, so a batch gathered in parts in sample order draws what one gather draws.
    /// </summary>
    public static void Gather(LabelledImages source, ReadOnlySpan<int> samples, Span<byte> pixels, Span<byte> labels, SeededRandom? shifts, int maxShift)
    {
        for (int s = 0; s < samples.Length; s++)
        {
            int sample = samples[s];
            Span<byte> target = pixels.Slice(s * ParameterLayout.ImagePixels, ParameterLayout.ImagePixels);
            if (shifts is null || maxShift == 0)
            {
                source.Image(sample).CopyTo(target);
            }
            else
            {
                ShiftAugmentation.CopyShifted(source.Image(sample), target, shifts, maxShift);
            }
            labels[s] = source.Labels[sample];
        }
    }
}
