// Builds tiny IDX files in memory for the reader's tests: valid ones, and the precise defects each test needs.
// Pixel and label values follow the sample index, so a test can tell one sample from another.
using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using LeNetPipeline.Data;

namespace LeNetPipeline.Tests.Data;

internal static class IdxBytes
{
    public static byte[] Images(int count, uint rows = 28, uint columns = 28, uint magic = IdxFileReader.ImagesMagic, uint? declaredCount = null)
    {
        byte[] bytes = new byte[16 + (count * rows * columns)];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), declaredCount ?? (uint)count);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(12), columns);
        for (int i = 16; i < bytes.Length; i++)
        {
            bytes[i] = (byte)((i - 16) / (rows * columns) * 7);
        }
        return bytes;
    }

    public static byte[] Labels(int count, uint magic = IdxFileReader.LabelsMagic, uint? declaredCount = null) =>
        Labels(Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray(), magic, declaredCount);

    public static byte[] Labels(byte[] labels, uint magic = IdxFileReader.LabelsMagic, uint? declaredCount = null)
    {
        byte[] bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), declaredCount ?? (uint)labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    public static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }
        return output.ToArray();
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>A catalogue entry for <paramref name="content"/>, so fetch tests need not carry 55 MB of MNIST.</summary>
    public static DatasetFile OfficialFile(string name, byte[] content) => new(name, content.Length, Sha256(content));
}
