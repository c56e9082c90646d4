// A decoded image as grey levels: Width x Height luminance values, row-major, 0 black to 255 white, as the file
// shows it (orientation applied, transparency laid over white). Invariant: Pixels.Length == Width * Height.
namespace LeNetPipeline.Images;

public sealed class GreyImage
{
    /// <summary>Past this many pixels (a 50-megapixel photo) an image is refused rather than decoded.</summary>
    public const long MaxPixels = 50_000_000;

    public GreyImage(int width, int height, float[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (pixels.Length != (long)width * height)
        {
            throw new ArgumentException($"a {width}x{height} image holds {(long)width * height} pixels, not {pixels.Length}", nameof(pixels));
        }
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public float[] Pixels { get; }

    public float this[int x, int y] => Pixels[(y * Width) + x];
}
