// numpy's fixed-width unicode arrays ('<Un': n UTF-32 little-endian code units per element, NUL-padded), one
// dimension only: how a weights file carries its class names so that numpy reads them as np.str_ values.
// The typed arrays' reader (NpyHeader) names only numeric dtypes, so this reads its own header, with the same limits.
using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace LeNetPipeline.Weights;

internal static class NpyUnicode
{
    // Class names, not bulk data: a bound keeps a hostile entry from allocating much.
    private const int MaxBytes = 1 << 20;

    public static void Write(Stream stream, IReadOnlyList<string> values)
    {
        int width = Math.Max(1, values.Max(value => value.EnumerateRunes().Count()));
        stream.Write(NpyHeader.Encode($"<U{width.ToString(CultureInfo.InvariantCulture)}", [values.Count]));
        byte[] data = new byte[values.Count * width * 4];
        for (int i = 0; i < values.Count; i++)
        {
            int at = i * width * 4;
            foreach (Rune rune in values[i].EnumerateRunes())
            {
                BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(at), rune.Value);
                at += 4;
            }
        }
        stream.Write(data);
    }

    public static string[] Read(Stream stream, long length)
    {
        if (length > MaxBytes)
        {
            throw new NpyFormatException($"a unicode array of {length} bytes exceeds the {MaxBytes}-byte limit");
        }
        byte[] bytes = new byte[length];
        if (stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) < bytes.Length)
        {
            throw new NpyFormatException("truncated array");
        }
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(NpyHeader.Magic))
        {
            throw new NpyFormatException("not an .npy array: it does not start with the \\x93NUMPY magic");
        }
        int lengthBytes = bytes[6] == 1 ? 2 : 4;
        int headerBytes = lengthBytes == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)) : (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)), int.MaxValue);
        int dataOffset = 8 + lengthBytes + headerBytes;
        if (bytes[6] is < 1 or > 3 || dataOffset > bytes.Length)
        {
            throw new NpyFormatException("malformed header");
        }
        IReadOnlyDictionary<string, object> dict = PythonLiteral.ParseDict(Encoding.UTF8.GetString(bytes, 8 + lengthBytes, headerBytes));
        if (!dict.TryGetValue("descr", out object? descr) || descr is not string text || !text.StartsWith("<U", StringComparison.Ordinal)
            || !int.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int width) || width < 1)
        {
            throw new NpyFormatException("dtype is not a little-endian unicode string ('<Un')");
        }
        if (!dict.TryGetValue("fortran_order", out object? fortran) || fortran is not false)
        {
            throw new NpyFormatException("malformed header: 'fortran_order' is not False");
        }
        if (!dict.TryGetValue("shape", out object? shape) || shape is not PythonLiteral.Tuple { Items: [BigInteger count] } || count.Sign < 0
            || count * width * 4 != bytes.Length - dataOffset)
        {
            throw new NpyFormatException($"shape is not one dimension of exactly the {bytes.Length - dataOffset} data bytes");
        }
        string[] values = new string[(int)count];
        var builder = new StringBuilder();
        for (int i = 0; i < values.Length; i++)
        {
            builder.Clear();
            for (int c = 0; c < width; c++)
            {
                int code = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(dataOffset + ((i * width) + c) * 4));
                if (code == 0)
                {
                    continue;
                }
                if (!Rune.IsValid(code))
                {
                    throw new NpyFormatException($"element {i} holds {code:x}, which is not a Unicode scalar value");
                }
                builder.Append(new Rune(code).ToString());
            }
            values[i] = builder.ToString();
        }
        return values;
    }
}
