// Writes named arrays as an .npz: a zip of stored (uncompressed) "name.npy" entries, as np.savez does.
// Atomic: nothing reaches the target path before Commit, and a writer disposed without Commit leaves it untouched.
using System.IO.Compression;

using LeNetPipeline.IO;

namespace LeNetPipeline.Weights;

public sealed class NpzWriter : IDisposable
{
    // np.savez stamps entries 1980-01-01 (the zip epoch); a fixed stamp also makes equal arrays give equal files.
    private static readonly DateTimeOffset EntryTimestamp = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly AtomicFileWriter _file;
    private readonly ZipArchive _zip;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    private NpzWriter(AtomicFileWriter file)
    {
        _file = file;
        _zip = new ZipArchive(file.Stream, ZipArchiveMode.Create, leaveOpen: true);
    }

    /// <summary>The file the arrays will replace on <see cref="Commit"/>.</summary>
    public string Path => _file.Path;

    public static NpzWriter Create(string path)
    {
        AtomicFileWriter file = AtomicFileWriter.Create(path);
        try
        {
            return new NpzWriter(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public void Add(string name, ReadOnlySpan<int> shape, ReadOnlySpan<float> data) => AddArray(name, shape, data);

    public void Add(string name, ReadOnlySpan<int> shape, ReadOnlySpan<double> data) => AddArray(name, shape, data);

    public void Add(string name, ReadOnlySpan<int> shape, ReadOnlySpan<long> data) => AddArray(name, shape, data);

    public void Add(string name, ReadOnlySpan<int> shape, ReadOnlySpan<ulong> data) => AddArray(name, shape, data);

    /// <summary>Adds a one-dimensional numpy unicode array ('&lt;Un', n the longest string's UTF-32 length).</summary>
    public void AddUnicode(string name, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Stream stream = CreateEntry(name);
        using (stream)
        {
            NpyUnicode.Write(stream, values);
        }
    }

    /// <summary>Completes the archive and puts it in place of the target in one rename.</summary>
    public void Commit()
    {
        _zip.Dispose();
        _file.Commit();
    }

    /// <summary>Without <see cref="Commit"/>, deletes what was written; the target keeps its old content.</summary>
    /// <remarks>The zip is deliberately not disposed here: that would write its central directory into a file
    /// that is about to be deleted, and could throw over the exception that brought us here.</remarks>
    public void Dispose() => _file.Dispose();

    private void AddArray<T>(string name, ReadOnlySpan<int> shape, ReadOnlySpan<T> data)
        where T : unmanaged
    {
        if (name.Length == 0 || name.Contains('/') || name.Contains('\\'))
        {
            throw new ArgumentException($"array name '{name}' must be non-empty and free of path separators", nameof(name));
        }
        if (shape.Length > NpyHeader.MaxDimensions)
        {
            throw new ArgumentException($"array '{name}': {shape.Length} dimensions, more than numpy's {NpyHeader.MaxDimensions}", nameof(shape));
        }
        long elements = 1;
        foreach (int dimension in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dimension, nameof(shape));
            elements = checked(elements * dimension);
        }
        if (elements != data.Length)
        {
            throw new ArgumentException(
                $"array '{name}': shape {NpyHeader.FormatShape(shape)} holds {elements} elements, the data has {data.Length}", nameof(data));
        }
        using Stream stream = CreateEntry(name);
        NpyData.Write(stream, shape, data);
    }

    private Stream CreateEntry(string name)
    {
        if (!_names.Add(name))
        {
            throw new ArgumentException($"array '{name}' is already in {Path}", nameof(name));
        }
        ZipArchiveEntry entry = _zip.CreateEntry(name + ".npy", CompressionLevel.NoCompression);
        entry.LastWriteTime = EntryTimestamp;
        return entry.Open();
    }
}
