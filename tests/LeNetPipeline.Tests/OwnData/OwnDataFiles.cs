// Writes a split the three ways the user's own data comes: an IDX pair, a folder of PNG files per class, and a CSV
// in the digit-recognizer layout, each holding the same images in the same order. The folder source orders
// samples class by class and by file name within a class, so the writers take samples already in that order
// (OrderedByClass) and name files with zero-padded sample numbers.
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using LeNetPipeline.Data;
using LeNetPipeline.Model;
using LeNetPipeline.Tests.Commands;

namespace LeNetPipeline.Tests.OwnData;

internal static class OwnDataFiles
{
    /// <summary>The first <paramref name="count"/> samples, stably sorted by label: the folder source's order.</summary>
    public static LabelledImages OrderedByClass(LabelledImages images, int count)
    {
        int[] order = [.. Enumerable.Range(0, count).OrderBy(i => images.Labels[i])];
        byte[] pixels = new byte[count * ParameterLayout.ImagePixels];
        byte[] labels = new byte[count];
        for (int k = 0; k < count; k++)
        {
            images.Image(order[k]).CopyTo(pixels.AsSpan(k * ParameterLayout.ImagePixels));
            labels[k] = images.Labels[order[k]];
        }
        return new LabelledImages(images.Name, pixels, labels, images.Classes);
    }

    public static void WriteIdx(LabelledImages images, string imagesPath, string labelsPath)
    {
        File.WriteAllBytes(imagesPath, [.. Header(IdxFileReader.ImagesMagic, images.Count, 28, 28), .. images.Pixels]);
        File.WriteAllBytes(labelsPath, [.. Header(IdxFileReader.LabelsMagic, images.Count), .. images.Labels]);
    }

    /// <summary>One directory per class name under <paramref name="directory"/>, one PNG per sample.</summary>
    public static void WriteFolder(LabelledImages images, string directory)
    {
        for (int i = 0; i < images.Count; i++)
        {
            string classDirectory = Path.Combine(directory, images.Classes[images.Labels[i]]);
            Directory.CreateDirectory(classDirectory);
            File.WriteAllBytes(Path.Combine(classDirectory, $"{i:D6}.png"), DigitFiles.Png(DigitFiles.Mnist(images.Image(i))));
        }
    }

    public static void WriteCsv(LabelledImages images, string path, bool labelled = true)
    {
        var csv = new StringBuilder(labelled ? "label," : "");
        csv.AppendJoin(',', Enumerable.Range(0, ParameterLayout.ImagePixels).Select(p => $"pixel{p}")).Append('\n');
        for (int i = 0; i < images.Count; i++)
        {
            if (labelled)
            {
                csv.Append(images.Labels[i].ToString(CultureInfo.InvariantCulture)).Append(',');
            }
            csv.AppendJoin(',', images.Image(i).ToArray()).Append('\n');
        }
        File.WriteAllText(path, csv.ToString());
    }

    private static byte[] Header(uint magic, int count, params int[] dimensions)
    {
        byte[] header = new byte[8 + (4 * dimensions.Length)];
        BinaryPrimitives.WriteUInt32BigEndian(header, magic);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)count);
        for (int d = 0; d < dimensions.Length; d++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8 + (4 * d)), (uint)dimensions[d]);
        }
        return header;
    }
}
