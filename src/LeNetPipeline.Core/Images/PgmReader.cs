// A strict reader of Netpbm greymaps: plain "P2" (ASCII numbers) and raw "P5" (one or two bytes per sample,
// big-endian). The header is magic, width, height and maxval separated by whitespace, "#" comments running to the
// end of the line; P5's raster follows exactly one whitespace byte. Invariant: a file is accepted only whole, one
// image, every sample at most maxval; anything else is an InvalidInputException naming the file and the problem.
using System.Globalization;

namespace LeNetPipeline.Images;

public static class PgmReader
{
    /// <summary>True when <paramref name="bytes"/> start like a greymap ("P2" or "P5" and whitespace).</summary>
    public static bool IsPgm(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 3 && bytes[0] == 'P' && (bytes[1] == '2' || bytes[1] == '5') && IsWhitespace(bytes[2]);

    public static GreyImage Read(string path, byte[] bytes)
    {
        if (!IsPgm(bytes))
        {
            throw Error(path, "not a PGM greymap (it does not start with P2 or P5)");
        }
        bool plain = bytes[1] == '2';
        int position = 2;
        int width = Header(path, bytes, ref position, "width", 1, int.MaxValue);
        int height = Header(path, bytes, ref position, "height", 1, int.MaxValue);
        int maxValue = Header(path, bytes, ref position, "maxval", 1, 65_535);
        long count = (long)width * height;
        if (count > GreyImage.MaxPixels)
        {
            throw Error(path, $"{width}x{height} is too large (at most {GreyImage.MaxPixels} pixels)");
        }
        if (position >= bytes.Length)
        {
            throw Error(path, "truncated: the file ends after the header, before the pixels");
        }
        if (!IsWhitespace(bytes[position]))
        {
            throw Error(path, "maxval must be followed by one whitespace byte, then the pixels");
        }
        position++;

        var pixels = new float[count];
        if (plain)
        {
            ReadPlain(path, bytes, position, maxValue, pixels);
        }
        else
        {
            ReadRaw(path, bytes, position, maxValue, pixels);
        }
        return new GreyImage(width, height, pixels);
    }

    private static void ReadPlain(string path, byte[] bytes, int position, int maxValue, float[] pixels)
    {
        for (int i = 0; i < pixels.Length; i++)
        {
            SkipSeparators(bytes, ref position);
            if (position >= bytes.Length)
            {
                throw Error(path, $"truncated: {i} of {pixels.Length} pixel values");
            }
            int value = Number(path, bytes, ref position, $"pixel value {i}", 0, maxValue);
            pixels[i] = Scale(value, maxValue);
        }
        SkipSeparators(bytes, ref position);
        if (position < bytes.Length)
        {
            throw Error(path, $"unexpected data after the {pixels.Length} pixel values (one image per file)");
        }
    }

    private static void ReadRaw(string path, byte[] bytes, int position, int maxValue, float[] pixels)
    {
        int sampleBytes = maxValue < 256 ? 1 : 2;
        long needed = (long)pixels.Length * sampleBytes;
        long available = bytes.Length - position;
        if (available < needed)
        {
            throw Error(path, $"truncated: {available} of {needed} pixel bytes");
        }
        for (int i = 0; i < pixels.Length; i++)
        {
            int offset = position + (i * sampleBytes);
            int value = sampleBytes == 1 ? bytes[offset] : (bytes[offset] << 8) | bytes[offset + 1];
            if (value > maxValue)
            {
                throw Error(path, $"pixel {i} is {value}, above maxval {maxValue}");
            }
            pixels[i] = Scale(value, maxValue);
        }
        for (long trailing = position + needed; trailing < bytes.Length; trailing++)
        {
            if (!IsWhitespace(bytes[trailing]))
            {
                throw Error(path, $"unexpected data after the {needed} pixel bytes (one image per file)");
            }
        }
    }

    private static int Header(string path, byte[] bytes, ref int position, string field, int min, int max)
    {
        int before = position;
        SkipSeparators(bytes, ref position);
        if (position >= bytes.Length)
        {
            throw Error(path, $"truncated: the header ends before the {field}");
        }
        if (position == before)
        {
            throw Error(path, $"the header needs whitespace before the {field}");
        }
        return Number(path, bytes, ref position, field, min, max);
    }

    private static int Number(string path, byte[] bytes, ref int position, string field, int min, int max)
    {
        int start = position;
        long value = 0;
        while (position < bytes.Length && bytes[position] is >= (byte)'0' and <= (byte)'9')
        {
            value = (value * 10) + (bytes[position] - '0');
            if (value > max)
            {
                throw Error(path, $"{field} is above {max}");
            }
            position++;
        }
        if (position == start)
        {
            string found = position < bytes.Length ? $"'{(char)bytes[position]}'" : "the end of the file";
            throw Error(path, $"{field}: expected a decimal number, found {found}");
        }
        if (position < bytes.Length && !IsWhitespace(bytes[position]) && bytes[position] != '#')
        {
            throw Error(path, $"{field}: unexpected '{(char)bytes[position]}' after the number");
        }
        if (value < min)
        {
            throw Error(path, $"{field} is {value.ToString(CultureInfo.InvariantCulture)}, below {min}");
        }
        return (int)value;
    }

    // Netpbm's own reader skips comments wherever it skips whitespace, in plain rasters too.
    private static void SkipSeparators(byte[] bytes, ref int position)
    {
        while (position < bytes.Length)
        {
            if (IsWhitespace(bytes[position]))
            {
                position++;
            }
            else if (bytes[position] == '#')
            {
                while (position < bytes.Length && bytes[position] != '\n' && bytes[position] != '\r')
                {
                    position++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private static float Scale(int value, int maxValue) => value * 255f / maxValue;

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\v' or (byte)'\f';

    private static InvalidInputException Error(string path, string problem) => new($"{path}: {problem}");
}
