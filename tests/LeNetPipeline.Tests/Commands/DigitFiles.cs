// Writes grey images as the files predict reads: PNG and JPEG through SkiaSharp's encoders (grey or colour), PGM
// by hand (P2 and P5). Also the variants the tests need: inverted, enlarged by whole pixels onto a bigger sheet.
using System.Runtime.InteropServices;
using System.Text;
using LeNetPipeline.Randomness;
using SkiaSharp;

namespace LeNetPipeline.Tests.Commands;

/// <summary>A grey image: Width x Height bytes, row-major, 0 black to 255 white.</summary>
internal sealed record Grey(int Width, int Height, byte[] Pixels);

internal static class DigitFiles
{
    public static Grey Mnist(ReadOnlySpan<byte> pixels) => new(28, 28, pixels.ToArray());

    public static Grey Inverted(Grey image) => image with { Pixels = Array.ConvertAll(image.Pixels, p => (byte)(255 - p)) };

    /// <summary>Each pixel becomes a factor x factor block, placed at (left, top) on a sheet of the given size and colour.</summary>
    public static Grey Enlarged(Grey image, int factor, int width, int height, int left, int top, byte sheet)
    {
        byte[] pixels = Enumerable.Repeat(sheet, width * height).ToArray();
        for (int y = 0; y < image.Height * factor; y++)
        {
            for (int x = 0; x < image.Width * factor; x++)
            {
                pixels[((top + y) * width) + left + x] = image.Pixels[(y / factor * image.Width) + (x / factor)];
            }
        }
        return new Grey(width, height, pixels);
    }

    public static Grey Noise(int width, int height, ulong seed)
    {
        var random = new SeededRandom(seed);
        byte[] pixels = new byte[width * height];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)random.NextInt(256);
        }
        return new Grey(width, height, pixels);
    }

    public static byte[] Png(Grey image) => Encode(image, SKEncodedImageFormat.Png, 100);

    public static byte[] Jpeg(Grey image, int quality) => Encode(image, SKEncodedImageFormat.Jpeg, quality);

    /// <summary>The image as colour: ink (dark) drawn in <paramref name="ink"/> on <paramref name="paper"/>, by grey level.</summary>
    public static byte[] ColourPng(Grey image, SKColor ink, SKColor paper)
    {
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        byte[] rgba = new byte[image.Width * image.Height * 4];
        for (int i = 0; i < image.Pixels.Length; i++)
        {
            float t = image.Pixels[i] / 255f;
            rgba[(i * 4) + 0] = (byte)Math.Round(ink.Red + (t * (paper.Red - ink.Red)));
            rgba[(i * 4) + 1] = (byte)Math.Round(ink.Green + (t * (paper.Green - ink.Green)));
            rgba[(i * 4) + 2] = (byte)Math.Round(ink.Blue + (t * (paper.Blue - ink.Blue)));
            rgba[(i * 4) + 3] = 255;
        }
        return EncodePixels(info, rgba, SKEncodedImageFormat.Png, 100);
    }

    public static byte[] PgmRaw(Grey image) =>
        [.. Encoding.ASCII.GetBytes($"P5\n# written by DigitFiles\n{image.Width} {image.Height}\n255\n"), .. image.Pixels];

    public static byte[] PgmPlain(Grey image)
    {
        var text = new StringBuilder($"P2\n# written by DigitFiles\n{image.Width} {image.Height}\n255\n");
        for (int y = 0; y < image.Height; y++)
        {
            text.AppendJoin(' ', image.Pixels.Skip(y * image.Width).Take(image.Width)).Append('\n');
        }
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private static byte[] Encode(Grey image, SKEncodedImageFormat format, int quality) =>
        EncodePixels(new SKImageInfo(image.Width, image.Height, SKColorType.Gray8, SKAlphaType.Opaque), image.Pixels, format, quality);

    private static byte[] EncodePixels(SKImageInfo info, byte[] pixels, SKEncodedImageFormat format, int quality)
    {
        GCHandle pinned = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(info, pinned.AddrOfPinnedObject(), info.RowBytes);
            using SKData data = pixmap.Encode(format, quality) ?? throw new InvalidOperationException($"SkiaSharp could not encode {format}");
            return data.ToArray();
        }
        finally
        {
            pinned.Free();
        }
    }
}
