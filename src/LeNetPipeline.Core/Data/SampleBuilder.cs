// Makes a split from the user's images, one item at a time on every core (ParallelWork): each item is read or
// decoded, then prepared (SamplePreparation), and lands in its own slot, so the split's order is the items' order
// whatever the parallelism. Items that cannot be samples for a documented, harmless reason (a file that is not an
// image, an image with nothing on it) are skipped with a warning; every other problem fails the whole load.
using LeNetPipeline.Images;
using LeNetPipeline.Model;
using Microsoft.Extensions.Logging;

namespace LeNetPipeline.Data;

internal static class SampleBuilder
{
    /// <summary>What one item decodes to: an image, or the reason it is skipped.</summary>
    public readonly record struct Decoded(GreyImage? Image, string? Skip);

    /// <param name="name">The split's name, for messages.</param>
    /// <param name="itemNames">What messages call each item (a file path, "file.csv row 12").</param>
    /// <param name="decode">Item i's image (called on any thread).</param>
    /// <param name="labels">Item i's label, an index into <paramref name="classes"/>.</param>
    public static async Task<LabelledImages> BuildAsync(string name, IReadOnlyList<string> itemNames, Func<int, Decoded> decode,
        byte[] labels, ClassSet classes, ImagePreprocessing mode, ILogger logger, CancellationToken cancellation)
    {
        int count = itemNames.Count;
        var samples = new byte[count][];
        var skipped = new string?[count];
        await ParallelWork.RunAsync(count, i =>
        {
            cancellation.ThrowIfCancellationRequested();
            Decoded decoded = decode(i);
            if (decoded.Image is null)
            {
                skipped[i] = decoded.Skip;
                return;
            }
            byte[]? sample = SamplePreparation.Prepare(itemNames[i], decoded.Image, mode, out string? reason);
            if (sample is null)
            {
                skipped[i] = reason;
                return;
            }
            samples[i] = sample;
        }, cancellation).ConfigureAwait(false);

        int kept = samples.Count(s => s is not null);
        byte[] pixels = new byte[kept * ParameterLayout.ImagePixels];
        byte[] keptLabels = new byte[kept];
        int next = 0;
        for (int i = 0; i < count; i++)
        {
            if (samples[i] is { } sample)
            {
                sample.CopyTo(pixels, next * ParameterLayout.ImagePixels);
                keptLabels[next++] = labels[i];
            }
            else if (skipped[i] is { } reason)
            {
                logger.ItemSkipped(itemNames[i], reason);
            }
        }
        if (kept < count)
        {
            logger.ItemsSkipped(name, count - kept, count);
        }
        return new LabelledImages(name, pixels, keptLabels, classes);
    }

    /// <summary>The images of an IDX or CSV body (count images of rows x columns bytes), as grey images.</summary>
    public static Func<int, Decoded> FromBytes(byte[] body, int rows, int columns) => i =>
    {
        int length = rows * columns;
        float[] levels = new float[length];
        for (int k = 0; k < length; k++)
        {
            levels[k] = body[(i * length) + k];
        }
        return new Decoded(new GreyImage(columns, rows, levels), null);
    };
}
