// Reads an image file into grey levels: PNG, JPEG and BMP through SkiaSharp, PGM (P2, P5) through PgmReader, chosen by
// the file's first bytes, never by its name. Colour becomes luminance (Rec. 601: 0.299 R + 0.587 G + 0.114 B, as
// JPEG and most image tools define grey); transparency is laid over white, as a viewer shows it; a JPEG's EXIF
// orientation is applied. Invariant: every failure is an InvalidInputException whose message starts with the path.
using SkiaSharp;

namespace LeNetPipeline.Images;

public static class ImageFileDecoder
{
    /// <summary>Larger files are refused before they are read: no PNG, JPEG, BMP or PGM of a small image comes near it.</summary>
    public const long MaxFileBytes = 256L << 20;

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> BmpSignature => [(byte)'B', (byte)'M'];

    /// <param name="path">The path as the user gave it: what messages name.</param>
    /// <param name="file">Where the file is (see ImagePaths).</param>
    public static GreyImage Decode(string path, string file) => Decode(path, ReadFile(path, file));

    /// <summary>Whether <paramref name="bytes"/> start like a PNG, JPEG, BMP or PGM file (its content, not its name).</summary>
    public static bool LooksLikeImage(ReadOnlySpan<byte> bytes) =>
        PgmReader.IsPgm(bytes) || bytes.StartsWith(PngSignature) || bytes.StartsWith(JpegSignature) || bytes.StartsWith(BmpSignature);

    /// <summary>Decodes a file's bytes already read; <paramref name="path"/> is what messages name.</summary>
    public static GreyImage Decode(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (PgmReader.IsPgm(bytes))
        {
            return PgmReader.Read(path, bytes);
        }
        string format = bytes.AsSpan().StartsWith(PngSignature) ? "PNG"
            : bytes.AsSpan().StartsWith(JpegSignature) ? "JPEG"
            : bytes.AsSpan().StartsWith(BmpSignature) ? "BMP"
            : throw new InvalidInputException($"{path}: not a PNG, JPEG, BMP or PGM image");
        return DecodeWithSkia(path, bytes, format);
    }

    /// <summary>The file's bytes, refused (naming <paramref name="path"/>) when it is missing, a directory or too large.</summary>
    public static byte[] ReadFile(string path, string file)
    {
        if (Directory.Exists(file))
        {
            throw new InvalidInputException($"{path}: is a directory, not an image file");
        }
        try
        {
            var info = new FileInfo(file);
            if (!info.Exists)
            {
                throw new InvalidInputException($"{path}: no such file");
            }
            if (info.Length > MaxFileBytes)
            {
                throw new InvalidInputException($"{path}: {info.Length} bytes is too large for an image (at most {MaxFileBytes})");
            }
            return File.ReadAllBytes(file);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{path}: cannot read it ({exception.Message})".ReplaceLineEndings(" "), exception);
        }
    }

    private static GreyImage DecodeWithSkia(string path, byte[] bytes, string format)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        using SKCodec? codec = SKCodec.Create(stream, out SKCodecResult opened);
        if (codec is null)
        {
            throw new InvalidInputException($"{path}: not a valid {format} image ({Describe(opened)})");
        }
        int width = codec.Info.Width;
        int height = codec.Info.Height;
        if (width < 1 || height < 1 || (long)width * height > GreyImage.MaxPixels)
        {
            throw new InvalidInputException($"{path}: a {width}x{height} {format} image is outside the accepted sizes (1 to {GreyImage.MaxPixels} pixels)");
        }
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        byte[] rgba = new byte[info.BytesSize64];
        SKCodecResult decoded = codec.GetPixels(info, rgba);
        if (decoded != SKCodecResult.Success)
        {
            throw new InvalidInputException($"{path}: not a valid {format} image ({Describe(decoded)})");
        }
        return EncodedOrientation.Apply(ToGrey(width, height, rgba), codec.EncodedOrigin);
    }

    private static GreyImage ToGrey(int width, int height, byte[] rgba)
    {
        var grey = new float[(long)width * height];
        for (int i = 0; i < grey.Length; i++)
        {
            int p = i * 4;
            float luminance = (0.299f * rgba[p]) + (0.587f * rgba[p + 1]) + (0.114f * rgba[p + 2]);
            float alpha = rgba[p + 3] / 255f;
            grey[i] = (alpha * luminance) + ((1f - alpha) * 255f);
        }
        return new GreyImage(width, height, grey);
    }

    private static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput => "truncated: the file ends before the image does",
        SKCodecResult.ErrorInInput or SKCodecResult.InvalidInput => "corrupt data",
        SKCodecResult.Unimplemented => "uses a feature the decoder does not support",
        _ => $"the decoder reported {result}",
    };
}
