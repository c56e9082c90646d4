// Writes fetched files into the data directory, only once their size and SHA-256 match the official ones.
// Invariant: a file appears under its real name only after the check, via a rename from a temporary name, so an
// interrupted or corrupt fetch never leaves behind a file that looks valid.
using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace LeNetPipeline.Data;

public sealed class VerifiedFileStore
{
    // Under the large-object-heap threshold, so copying allocates nothing long-lived.
    private const int CopyBufferLength = 80 * 1024;

    private readonly string _directory;
    private readonly string _source;
    private readonly ILogger _logger;
    private readonly HashSet<DatasetFile> _stored = [];

    /// <param name="directory">The data directory; it must exist.</param>
    /// <param name="source">The source whose files this store receives, for the log.</param>
    public VerifiedFileStore(string directory, string source, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _directory = directory;
        _source = source;
        _logger = logger;
    }

    /// <summary>The files stored so far.</summary>
    public IReadOnlyCollection<DatasetFile> Stored => _stored;

    /// <summary>The path a file has once stored.</summary>
    public string PathOf(DatasetFile file) => Path.Combine(_directory, file.Name);

    /// <summary>
    /// Copies <paramref name="decompressed"/> to a temporary file, checks it, and renames it to its real name.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not the official file; nothing is left behind.</exception>
    public async Task StoreAsync(DatasetFile file, Stream decompressed, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        string target = PathOf(file);
        string temporary = Path.Combine(_directory, $"{file.Name}.{Guid.NewGuid():N}.partial");
        try
        {
            long length = await CopyCheckedAsync(file, decompressed, temporary, ct);
            try
            {
                File.Move(temporary, target, overwrite: false);
            }
            catch (IOException) when (File.Exists(target))
            {
                // Never over a file that appeared meanwhile (a user, or another run fetching the same set):
                // theirs wins, and it is read and checked like any file already in the directory.
            }
            _stored.Add(file);
            _logger.FileFetched(file.Name, length, _source, target, clock.ElapsedMilliseconds);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static async Task<long> CopyCheckedAsync(DatasetFile file, Stream decompressed, string temporary, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = new byte[CopyBufferLength];
        long length = 0;
        await using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, useAsync: true))
        {
            while (true)
            {
                int read = await ReadSourceAsync(file, decompressed, buffer, ct);
                if (read == 0)
                {
                    break;
                }
                length += read;
                if (length > file.Length)
                {
                    // Stop at once: a lying or hostile source must not fill the disk.
                    throw new InvalidDataException($"{file.Name} is longer than the official {file.Length} bytes");
                }
                hash.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), ct);
            }
            // On disk before the rename, so a crash cannot leave a renamed but empty file.
            output.Flush(flushToDisk: true);
        }
        if (length != file.Length)
        {
            throw new InvalidDataException($"{file.Name} ends after {length} bytes, the official file has {file.Length}");
        }
        string digest = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (digest != file.Sha256)
        {
            throw new InvalidDataException($"{file.Name} has SHA-256 {digest}, not the official {file.Sha256}");
        }
        return length;
    }

    private static async Task<int> ReadSourceAsync(DatasetFile file, Stream decompressed, byte[] buffer, CancellationToken ct)
    {
        try
        {
            return await decompressed.ReadAsync(buffer, ct);
        }
        catch (InvalidDataException ex)
        {
            // GZipStream's own words name neither the file nor gzip; say both.
            throw new InvalidDataException($"{file.Name}: the fetched data is not valid gzip ({ex.Message})", ex);
        }
    }
}
