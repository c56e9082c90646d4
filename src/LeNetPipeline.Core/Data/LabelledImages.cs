// A split of an image-classification data set held in memory: N images of 28x28 bytes, row-major, N labels and
// the names of the classes those labels index. Immutable once built; the pipeline's stages read it concurrently.
namespace LeNetPipeline.Data;

public sealed class LabelledImages
{
    /// <param name="classes">The classes the labels index; null means MNIST's ten digits.</param>
    /// <exception cref="ArgumentException">The pixels do not hold one image per label, or a label is not a class.</exception>
    public LabelledImages(string name, byte[] pixels, byte[] labels, ClassSet? classes = null)
    {
        if (pixels.Length != labels.Length * Model.ParameterLayout.ImagePixels)
        {
            throw new ArgumentException($"{name}: {pixels.Length} pixel bytes do not hold {labels.Length} images of 28x28");
        }
        Classes = classes ?? ClassSet.Digits;
        int outside = FirstOutside(labels, Classes.Count);
        if (outside >= 0)
        {
            throw new ArgumentException($"{name}: label {labels[outside]} at index {outside} is outside 0..{Classes.Count - 1}");
        }
        Name = name;
        Pixels = pixels;
        Labels = labels;
    }

    /// <summary>The index of the first label that is not below <paramref name="classes"/>, or -1.</summary>
    public static int FirstOutside(ReadOnlySpan<byte> labels, int classes) =>
        classes > byte.MaxValue ? -1 : labels.IndexOfAnyExceptInRange((byte)0, (byte)(classes - 1));

    /// <summary>Where the split came from, for messages (e.g. "train" or a file path).</summary>
    public string Name { get; }

    public byte[] Pixels { get; }

    public byte[] Labels { get; }

    public int Count => Labels.Length;

    public ClassSet Classes { get; }

    public ReadOnlySpan<byte> Image(int index) =>
        Pixels.AsSpan(index * Model.ParameterLayout.ImagePixels, Model.ParameterLayout.ImagePixels);

    /// <summary>The first <paramref name="count"/> samples (0 or more than Count means all).</summary>
    public LabelledImages Take(int count) =>
        count <= 0 || count >= Count
            ? this
            : new LabelledImages(Name, Pixels[..(count * Model.ParameterLayout.ImagePixels)], Labels[..count], Classes);
}
