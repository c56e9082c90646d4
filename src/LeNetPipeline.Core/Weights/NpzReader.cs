// Reads named arrays from an .npz (a zip of "name.npy" entries, stored or deflated), checking type and shape
// against what the caller expects, and sizes against what the file can hold, before any data is allocated. Every failure is an InvalidInputException whose
// one-line message names the file, the array where there is one, and the problem.
using System.IO.Compression;

namespace LeNetPipeline.Weights;

public sealed class NpzReader : IDisposable
{
    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries;

    private NpzReader(string path, ZipArchive zip, Dictionary<string, ZipArchiveEntry> entries, List<string> names)
    {
        Path = path;
        _zip = zip;
        _entries = entries;
        Names = names;
    }

    public string Path { get; }

    /// <summary>The array names (entry names without ".npy"), in archive order.</summary>
    public IReadOnlyList<string> Names { get; }

    public static NpzReader Open(string path)
    {
        FileStream file = OpenFile(path);
        try
        {
            RequireZipSignature(path, file);
            ZipArchive zip = OpenZip(path, file);
            var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
            var names = new List<string>();
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal))
                {
                    throw new InvalidInputException($"{path}: entry {NpyFormatException.Quote(entry.FullName)} is not an .npy array");
                }
                string name = entry.FullName[..^".npy".Length];
                if (entry.Length > MostUnpacked(entry.CompressedLength, file.Length))
                {
                    // The declared size is what the array header is checked against before its data is allocated,
                    // so a size no compressed data could unpack to must not get that far.
                    throw new InvalidInputException(
                        $"{path}: array {NpyFormatException.Quote(name)}: corrupt zip entry (it declares {entry.Length} bytes, more than its {entry.CompressedLength} compressed bytes can unpack to)");
                }
                if (!entries.TryAdd(name, entry))
                {
                    throw new InvalidInputException($"{path}: array {NpyFormatException.Quote(name)} appears twice");
                }
                names.Add(name);
            }
            return new NpzReader(path, zip, entries, names);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public bool Contains(string name) => _entries.ContainsKey(name);

    // Deflate cannot expand data by more than about 1032:1; a stored entry is as long as its compressed bytes.
    private const long MaxDeflateExpansion = 1032;

    private static long MostUnpacked(long compressedLength, long fileLength) =>
        compressedLength > fileLength ? -1 : Math.Max(compressedLength, 1) * MaxDeflateExpansion;

    /// <summary>The header of array <paramref name="name"/>, read without its data.</summary>
    public NpyHeader Header(string name) => WithEntry(name, (stream, length) => NpyHeader.Read(stream, length));

    public float[] ReadFloat32(string name, ReadOnlySpan<int> shape) => Read<float>(name, shape);

    public double[] ReadFloat64(string name, ReadOnlySpan<int> shape) => Read<double>(name, shape);

    public long[] ReadInt64(string name, ReadOnlySpan<int> shape) => Read<long>(name, shape);

    public ulong[] ReadUInt64(string name, ReadOnlySpan<int> shape) => Read<ulong>(name, shape);

    /// <summary>A one-dimensional numpy unicode array ('&lt;Un') as strings, trailing NULs removed as numpy does.</summary>
    public string[] ReadUnicode(string name) => WithEntry(name, NpyUnicode.Read);

    /// <summary>An InvalidInputException for a problem a caller finds in array <paramref name="name"/>'s values,
    /// worded like this reader's own.</summary>
    public InvalidInputException Error(string name, string problem) =>
        new($"{Path}: array {NpyFormatException.Quote(name)}: {problem}");

    public void Dispose() => _zip.Dispose();

    private T[] Read<T>(string name, ReadOnlySpan<int> shape)
        where T : unmanaged
    {
        int[] expected = shape.ToArray();
        return WithEntry(name, (stream, length) =>
        {
            NpyHeader header = NpyHeader.Read(stream, length);
            NpyDataType wanted = NpyDataTypes.Of<T>();
            if (header.DataType != wanted)
            {
                throw new NpyFormatException($"dtype '{header.DataType.Descr()}', expected '{wanted.Descr()}'");
            }
            if (!header.HasShape(expected))
            {
                throw new NpyFormatException($"shape {header.ShapeText}, expected {NpyHeader.FormatShape(expected)}");
            }
            return NpyData.Read<T>(stream, header);
        });
    }

    private TResult WithEntry<TResult>(string name, Func<Stream, long, TResult> read)
    {
        if (!_entries.TryGetValue(name, out ZipArchiveEntry? entry))
        {
            throw Error(name, "missing array");
        }
        try
        {
            using Stream stream = entry.Open();
            return read(stream, entry.Length);
        }
        catch (NpyFormatException e)
        {
            throw new InvalidInputException(Error(name, e.Message).Message, e);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            // Raised by the zip layer for a damaged or deflate-bomb entry, a bad CRC, or an unknown compression method.
            throw new InvalidInputException(Error(name, $"corrupt zip entry ({OneLine(e.Message)})").Message, e);
        }
        catch (IOException e)
        {
            throw new InvalidInputException(Error(name, $"cannot be read ({OneLine(e.Message)})").Message, e);
        }
    }

    private static FileStream OpenFile(string path)
    {
        if (Directory.Exists(path))
        {
            // Opening one fails with "access denied", which sends the user looking at permissions.
            throw new InvalidInputException($"{path}: is a directory, not an .npz file");
        }
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidInputException($"{path}: file not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{path}: cannot be read ({OneLine(e.Message)})", e);
        }
    }

    private static void RequireZipSignature(string path, FileStream file)
    {
        // A zip starts with a local file header ("PK\3\4"), or is an empty archive's end record ("PK\5\6").
        Span<byte> start = stackalloc byte[6];
        int got = file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        file.Position = 0;
        if (got >= 4 && (start[..4].SequenceEqual("PK\x03\x04"u8) || start[..4].SequenceEqual("PK\x05\x06"u8)))
        {
            return;
        }
        string what = got == 0 ? "the file is empty"
            : got == 6 && start.SequenceEqual(NpyHeader.Magic) ? "it is a single .npy array"
            : "no zip signature at its start";
        throw new InvalidInputException($"{path}: not a zip archive ({what}); an .npz is a zip of .npy arrays");
    }

    private static ZipArchive OpenZip(string path, FileStream file)
    {
        try
        {
            return new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidInputException($"{path}: truncated or corrupt zip archive ({OneLine(e.Message)})", e);
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").TrimEnd();
}
