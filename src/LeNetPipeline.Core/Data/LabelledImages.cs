// A split of an image-classification data set held in memory: N images of 28x28 bytes, row-major, and N labels.
// Immutable once built; the pipeline's stages read it concurrently.
namespace LeNetPipeline.Data;

public sealed class LabelledImages
{
    public LabelledImages(string name, byte[] pixels, byte[] labels)
    {
        if (pixels.Length != labels.Length * Model.ParameterLayout.ImagePixels)
        {
            throw new ArgumentException($"{name}: {pixels.Length} pixel bytes do not hold {labels.Length} images of 28x28");
        }
        Name = name;
        Pixels = pixels;
        Labels = labels;
    }

    /// <summary>Where the split came from, for messages (e.g. "train" or a file path).</summary>
    public string Name { get; }

    public byte[] Pixels { get; }

    public byte[] Labels { get; }

    public int Count => Labels.Length;

    public ReadOnlySpan<byte> Image(int index) =>
        Pixels.AsSpan(index * Model.ParameterLayout.ImagePixels, Model.ParameterLayout.ImagePixels);

    /// <summary>The first <paramref name="count"/> samples (0 or more than Count means all).</summary>
    public LabelledImages Take(int count) =>
        count <= 0 || count >= Count
            ? this
            : new LabelledImages(Name, Pixels[..(count * Model.ParameterLayout.ImagePixels)], Labels[..count]);
}
