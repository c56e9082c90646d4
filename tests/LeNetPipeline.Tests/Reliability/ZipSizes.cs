// Rewrites the uncompressed size a zip records for one entry (in its local header and in the central directory),
// to build archives that lie about their contents the way a hostile or corrupt file can.
using System.Buffers.Binary;
using System.Text;

namespace LeNetPipeline.Tests.Reliability;

internal static class ZipSizes
{
    private const uint LocalHeader = 0x04034b50;
    private const uint CentralHeader = 0x02014b50;

    public static void SetUncompressedSize(byte[] zip, string entryName, uint size)
    {
        byte[] name = Encoding.UTF8.GetBytes(entryName);
        int patched = 0;
        for (int at = 0; at + 46 <= zip.Length; at++)
        {
            uint signature = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(at));
            (int nameLengthAt, int nameAt, int sizeAt) = signature switch
            {
                LocalHeader => (26, 30, 22),
                CentralHeader => (28, 46, 24),
                _ => (-1, -1, -1),
            };
            if (nameAt < 0 || at + nameAt + name.Length > zip.Length)
            {
                continue;
            }
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + nameLengthAt));
            if (nameLength == name.Length && zip.AsSpan(at + nameAt, nameLength).SequenceEqual(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(at + sizeAt), size);
                patched++;
            }
        }
        if (patched != 2)
        {
            throw new InvalidOperationException($"found {patched} headers of '{entryName}', expected its local and central ones");
        }
    }
}
