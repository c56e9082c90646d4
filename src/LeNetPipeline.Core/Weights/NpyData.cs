// Reading and writing the data block of an .npy array: elements little-endian, in C (row-major) order.
// A read fills exactly the elements its header promises or fails; it never returns a partly filled array.
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace LeNetPipeline.Weights;

internal static class NpyData
{
    /// <summary>Writes a whole .npy (version 1.0 header, then data) to <paramref name="stream"/>.</summary>
    public static void Write<T>(Stream stream, ReadOnlySpan<int> shape, ReadOnlySpan<T> data)
        where T : unmanaged
    {
        stream.Write(NpyHeader.Encode(NpyDataTypes.Of<T>(), shape));
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(data));
            return;
        }
        T[] swapped = data.ToArray();
        ReverseEndianness<T>(swapped);
        stream.Write(MemoryMarshal.AsBytes(swapped.AsSpan()));
    }

    /// <summary>Reads the data that <paramref name="header"/> describes from a stream positioned just after it.
    /// The header has already checked that the stream's declared length holds the data, so the allocation is
    /// bounded by the file; a stream that ends early anyway (a corrupt zip entry) is reported as truncated.</summary>
    public static T[] Read<T>(Stream stream, NpyHeader header)
        where T : unmanaged
    {
        if (header.DataType != NpyDataTypes.Of<T>())
        {
            throw new InvalidOperationException($"a '{header.DataType.Descr()}' array read as {typeof(T).Name}");
        }
        T[] data = new T[header.ElementCount];
        Span<byte> bytes = MemoryMarshal.AsBytes(data.AsSpan());
        int got = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (got < bytes.Length)
        {
            throw new NpyFormatException($"data truncated: shape {header.ShapeText} needs {bytes.Length} bytes, the data ends after {got}");
        }
        if (stream.ReadByte() != -1)
        {
            throw new NpyFormatException($"more bytes follow the {bytes.Length} bytes of data that shape {header.ShapeText} holds");
        }
        if (!BitConverter.IsLittleEndian)
        {
            ReverseEndianness<T>(data);
        }
        return data;
    }

    private static void ReverseEndianness<T>(Span<T> data)
        where T : unmanaged
    {
        if (NpyDataTypes.Of<T>().ItemSize() == 4)
        {
            Span<uint> words = MemoryMarshal.Cast<T, uint>(data);
            BinaryPrimitives.ReverseEndianness(words, words);
        }
        else
        {
            Span<ulong> words = MemoryMarshal.Cast<T, ulong>(data);
            BinaryPrimitives.ReverseEndianness(words, words);
        }
    }
}
