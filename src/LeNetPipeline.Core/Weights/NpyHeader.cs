// The header of one .npy array (format versions 1.0, 2.0 and 3.0): its data type and C-order shape.
// A header is only ever built from a file after every check that can fail before the data is allocated has passed.
using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace LeNetPipeline.Weights;

public sealed class NpyHeader
{
    // numpy refuses headers over 10,000 bytes by default (max_header_size) for the same reason: parsing cost.
    internal const int MaxHeaderBytes = 10_000;

    // numpy 2's NPY_MAXDIMS (numpy 1 allows 32); it also bounds the length of any shape in a message.
    internal const int MaxDimensions = 64;

    // numpy aligns the data to 64 bytes (ARRAY_ALIGN) so it can be memory-mapped and read with aligned loads.
    internal const int DataAlignment = 64;

    // 0x93 is a byte here, not the character U+0093 that a "\x93" string literal would encode as two UTF-8 bytes.
    internal static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    private readonly int[] _shape;

    private NpyHeader(NpyDataType dataType, int[] shape, long elementCount, int dataOffset)
    {
        DataType = dataType;
        _shape = shape;
        Shape = Array.AsReadOnly(shape);
        ElementCount = elementCount;
        DataOffset = dataOffset;
    }

    public NpyDataType DataType { get; }

    public IReadOnlyList<int> Shape { get; }

    public long ElementCount { get; }

    /// <summary>The shape as Python writes it: "(6, 1, 5, 5)", "(6,)", "()".</summary>
    public string ShapeText => FormatShape(_shape);

    /// <summary>Bytes before the data: magic, version, header length and header.</summary>
    internal int DataOffset { get; }

    internal long DataBytes => ElementCount * DataType.ItemSize();

    public bool HasShape(ReadOnlySpan<int> shape) => shape.SequenceEqual(_shape);

    internal static string FormatShape<T>(IReadOnlyList<T> shape)
        where T : IFormattable
    {
        // Exact for every int; only a hostile header's huge literal is cut short, to keep messages readable.
        string[] items = [.. shape.Select(d => d.ToString(null, CultureInfo.InvariantCulture)).Select(d => d.Length <= 20 ? d : d[..20] + "...")];
        return items.Length == 1 ? $"({items[0]},)" : $"({string.Join(", ", items)})";
    }

    internal static string FormatShape(ReadOnlySpan<int> shape) => FormatShape<int>(shape.ToArray());

    /// <summary>Version 1.0 preamble and header for a little-endian C-order array, padded with spaces so the data
    /// starts at a multiple of 64 bytes, as numpy writes it.</summary>
    internal static byte[] Encode(NpyDataType dataType, ReadOnlySpan<int> shape) => Encode(dataType.Descr(), shape);

    /// <summary>As <see cref="Encode(NpyDataType, ReadOnlySpan{int})"/>, for any descr (numpy's unicode '&lt;U7').</summary>
    internal static byte[] Encode(string descr, ReadOnlySpan<int> shape)
    {
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {FormatShape(shape)}, }}";
        const int PreambleBytes = 10;
        int unpadded = PreambleBytes + dict.Length + 1;
        string header = dict + new string(' ', (DataAlignment - (unpadded % DataAlignment)) % DataAlignment) + "\n";
        byte[] bytes = new byte[PreambleBytes + header.Length];
        Magic.CopyTo(bytes);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), checked((ushort)header.Length));
        Encoding.ASCII.GetBytes(header, bytes.AsSpan(PreambleBytes));
        return bytes;
    }

    /// <summary>Reads and checks the header at the start of <paramref name="stream"/>, an .npy of
    /// <paramref name="length"/> bytes, leaving the stream at the first data byte. The data must fill exactly the
    /// rest of the length, so callers can allocate <see cref="ElementCount"/> elements knowing the bytes exist.</summary>
    internal static NpyHeader Read(Stream stream, long length)
    {
        Span<byte> preamble = stackalloc byte[12];
        int got = stream.ReadAtLeast(preamble[..8], 8, throwOnEndOfStream: false);
        if (got < Magic.Length || !preamble[..Magic.Length].SequenceEqual(Magic))
        {
            throw new NpyFormatException("not an .npy array: it does not start with the \\x93NUMPY magic");
        }
        if (got < 8)
        {
            throw new NpyFormatException("truncated header: the array ends inside the version bytes");
        }
        (byte major, byte minor) = (preamble[6], preamble[7]);
        int lengthBytes = (major, minor) switch
        {
            (1, 0) => 2,
            (2, 0) or (3, 0) => 4,
            _ => throw new NpyFormatException($"unsupported .npy format version {major}.{minor} (1.0, 2.0 and 3.0 are read)"),
        };
        if (stream.ReadAtLeast(preamble[8..(8 + lengthBytes)], lengthBytes, throwOnEndOfStream: false) < lengthBytes)
        {
            throw new NpyFormatException("truncated header: the array ends inside the header length");
        }
        long headerBytes = lengthBytes == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(preamble[8..])
            : BinaryPrimitives.ReadUInt32LittleEndian(preamble[8..]);
        if (headerBytes > MaxHeaderBytes)
        {
            throw new NpyFormatException($"header of {headerBytes} bytes exceeds the {MaxHeaderBytes}-byte limit");
        }
        int dataOffset = 8 + lengthBytes + (int)headerBytes;
        if (dataOffset > length)
        {
            throw new NpyFormatException($"truncated header: it claims {headerBytes} bytes, only {length - 8 - lengthBytes} follow");
        }
        byte[] headerRaw = new byte[headerBytes];
        if (stream.ReadAtLeast(headerRaw, headerRaw.Length, throwOnEndOfStream: false) < headerRaw.Length)
        {
            throw new NpyFormatException("truncated header: the array ends inside the header");
        }

        IReadOnlyDictionary<string, object> dict = PythonLiteral.ParseDict(Decode(headerRaw, utf8: major == 3));
        (NpyDataType dataType, int[] shape, long elementCount) = Interpret(dict);
        var header = new NpyHeader(dataType, shape, elementCount, dataOffset);
        long available = length - dataOffset;
        if (header.DataBytes > available)
        {
            throw new NpyFormatException(
                $"data truncated: shape {header.ShapeText} of '{dataType.Descr()}' needs {header.DataBytes} bytes, only {available} follow the header");
        }
        if (header.DataBytes < available)
        {
            throw new NpyFormatException(
                $"{available - header.DataBytes} bytes follow the {header.DataBytes} bytes of data that shape {header.ShapeText} of '{dataType.Descr()}' holds");
        }
        return header;
    }

    private static string Decode(byte[] raw, bool utf8)
    {
        // Versions 1.0 and 2.0 are latin-1, so every byte is a character; 3.0 is UTF-8 and may be invalid.
        if (!utf8)
        {
            return Encoding.Latin1.GetString(raw);
        }
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(raw);
        }
        catch (DecoderFallbackException)
        {
            throw new NpyFormatException("malformed header: a version 3.0 header that is not valid UTF-8");
        }
    }

    private static (NpyDataType DataType, int[] Shape, long ElementCount) Interpret(IReadOnlyDictionary<string, object> dict)
    {
        foreach (string key in dict.Keys)
        {
            if (key is not ("descr" or "fortran_order" or "shape"))
            {
                throw new NpyFormatException($"malformed header: unexpected key {NpyFormatException.Quote(key)}");
            }
        }
        NpyDataType dataType = InterpretDescr(Required(dict, "descr"));
        if (Required(dict, "fortran_order") is not bool fortranOrder)
        {
            throw new NpyFormatException("malformed header: 'fortran_order' is not True or False");
        }
        if (fortranOrder)
        {
            throw new NpyFormatException("Fortran order (column-major) is not supported; save C-order arrays (np.ascontiguousarray)");
        }
        (int[] shape, long elementCount) = InterpretShape(Required(dict, "shape"), dataType);
        return (dataType, shape, elementCount);
    }

    private static object Required(IReadOnlyDictionary<string, object> dict, string key) =>
        dict.TryGetValue(key, out object? value) ? value : throw new NpyFormatException($"malformed header: no '{key}' key");

    private static NpyDataType InterpretDescr(object descr)
    {
        if (descr is not string text)
        {
            throw new NpyFormatException("unsupported dtype: structured arrays (a descr that is not a string) are not read");
        }
        if (NpyDataTypes.FromDescr(text) is NpyDataType known)
        {
            return known;
        }
        const string Readable = "'<f4', '<f8', '<i8' and '<u8' are read";
        if (text.StartsWith('>'))
        {
            throw new NpyFormatException($"big-endian dtype {NpyFormatException.Quote(text)} is not supported; save little-endian arrays ({Readable})");
        }
        string withoutOrder = text.TrimStart('=', '|');
        if (NpyDataTypes.FromDescr("<" + withoutOrder) is not null)
        {
            // '=' and '|' mean "this machine's order"; a file read on another machine must say which it is.
            throw new NpyFormatException($"unsupported dtype {NpyFormatException.Quote(text)}: it does not say it is little-endian ('<{withoutOrder}')");
        }
        if (withoutOrder.StartsWith('O'))
        {
            throw new NpyFormatException($"unsupported dtype {NpyFormatException.Quote(text)}: object arrays are pickled, and pickles are never loaded");
        }
        throw new NpyFormatException($"unsupported dtype {NpyFormatException.Quote(text)} ({Readable})");
    }

    private static (int[] Shape, long ElementCount) InterpretShape(object value, NpyDataType dataType)
    {
        if (value is not PythonLiteral.Tuple tuple)
        {
            throw new NpyFormatException("malformed header: 'shape' is not a tuple");
        }
        if (tuple.Items.Any(item => item is not BigInteger))
        {
            throw new NpyFormatException("malformed header: 'shape' holds something other than integers");
        }
        if (tuple.Items.Count > MaxDimensions)
        {
            throw new NpyFormatException($"malformed header: shape has {tuple.Items.Count} dimensions, more than numpy's {MaxDimensions}");
        }
        BigInteger[] dimensions = [.. tuple.Items.Cast<BigInteger>()];
        string shapeText = FormatShape(dimensions);
        if (dimensions.Any(d => d.Sign < 0))
        {
            throw new NpyFormatException($"malformed header: shape {shapeText} has a negative dimension");
        }
        BigInteger count = dimensions.Aggregate(BigInteger.One, (product, d) => product * d);
        if (count > long.MaxValue / dataType.ItemSize())
        {
            throw new NpyFormatException($"shape {shapeText} has {count} elements: its size in bytes overflows 64 bits");
        }
        // Bytes, not elements: the data is read through one byte span, whose length is an int.
        if (count * dataType.ItemSize() > Array.MaxLength || dimensions.Any(d => d > Array.MaxLength))
        {
            throw new NpyFormatException($"shape {shapeText} has {count} elements of {dataType.ItemSize()} bytes, more than one array can hold");
        }
        return ([.. dimensions.Select(d => (int)d)], (long)count);
    }
}
