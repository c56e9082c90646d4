// Writes a file so that its path only ever holds the old complete file or the new complete file.
// The new bytes go to a temporary file in the same directory, reach the disk, then one rename replaces the target.
namespace LeNetPipeline.IO;

public sealed class AtomicFileWriter : IDisposable
{
    /// <summary>Ends every temporary file, so those a killed writer left behind can be found and removed.</summary>
    public const string TemporarySuffix = ".partial";

    private readonly FileStream _temporary;
    private bool _finished;

    private AtomicFileWriter(string path, string temporaryPath, FileStream temporary)
    {
        Path = path;
        TemporaryPath = temporaryPath;
        _temporary = temporary;
    }

    public string Path { get; }

    /// <summary>Where the bytes go until <see cref="Commit"/>: beside the target, so the rename stays on one file
    /// system (and is atomic there), hidden and uniquely named so concurrent writers never share it.</summary>
    public string TemporaryPath { get; }

    public Stream Stream => _temporary;

    public static AtomicFileWriter Create(string path)
    {
        string fullPath = System.IO.Path.GetFullPath(path);
        string directory = System.IO.Path.GetDirectoryName(fullPath)
            ?? throw new ArgumentException($"{path} names a root, not a file", nameof(path));
        string temporaryPath = System.IO.Path.Combine(
            directory, $".{System.IO.Path.GetFileName(fullPath)}.{Guid.NewGuid():N}{TemporarySuffix}");
        var temporary = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        return new AtomicFileWriter(path, temporaryPath, temporary);
    }

    /// <summary>Makes the written bytes durable, then renames them over the target in one step.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        try
        {
            // Without the flush to disk a crash just after the rename can leave the target empty on some file systems.
            _temporary.Flush(flushToDisk: true);
            _temporary.Dispose();
            File.Move(TemporaryPath, Path, overwrite: true);
            _finished = true;
        }
        finally
        {
            Abandon();
        }
    }

    public static void WriteAllText(string path, string text)
    {
        using AtomicFileWriter writer = Create(path);
        using (var textWriter = new StreamWriter(writer.Stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true))
        {
            textWriter.Write(text);
        }
        writer.Commit();
    }

    /// <summary>Removes the temporary files that writers killed mid-write (kill -9, power loss) left in a directory.</summary>
    public static void RemoveStale(string directory)
    {
        foreach (string stale in Directory.EnumerateFiles(directory, ".*" + TemporarySuffix))
        {
            File.Delete(stale);
        }
    }

    /// <summary>Without a <see cref="Commit"/>, discards everything written: the target is left untouched.</summary>
    public void Dispose() => Abandon();

    private void Abandon()
    {
        if (_finished)
        {
            return;
        }
        _finished = true;
        _temporary.Dispose();
        File.Delete(TemporaryPath);
    }
}
