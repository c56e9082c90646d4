// The decoded samples of a folder part, kept next to the data in <folder>/.lenet-cache as an IDX pair whose name
// carries a key: the SHA-256 of every file's relative path and content, the class names and the preprocessing.
// Any changed, added or removed file changes the key, so a stale cache is never read; the pair of the previous key
// is removed when a new one is written. A cache that cannot be written costs only the next run's decoding.
// A manifest beside the pair remembers each file's digest with its size and modification time, so a second run
// hashes only the files whose size or time changed (git's index does the same); the key is still the content's.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LeNetPipeline.IO;
using Microsoft.Extensions.Logging;

namespace LeNetPipeline.Data;

internal sealed class FolderDecodeCache(string root, string part, string key)
{
    public const string DirectoryName = ".lenet-cache";

    private string Directory => Path.Combine(root, DirectoryName);

    public string ImagesPath => Path.Combine(Directory, $"{part}-{key}-images-idx3-ubyte");

    public string LabelsPath => Path.Combine(Directory, $"{part}-{key}-labels-idx1-ubyte");

    private static string ManifestPath(string root, string part) => Path.Combine(root, DirectoryName, $"{part}-manifest.txt");

    /// <summary>The cache of <paramref name="layout"/>'s files: hashes them all (in parallel) to find its key.</summary>
    public static async Task<FolderDecodeCache> ForAsync(string root, string part, FolderLayout layout, ImagePreprocessing mode, CancellationToken cancellation)
    {
        Dictionary<string, (long Length, long Ticks, byte[] Hash)> known = ReadManifest(ManifestPath(root, part));
        var hashes = new byte[layout.Files.Count][];
        var stamps = new (long Length, long Ticks)[layout.Files.Count];
        int rehashed = 0;
        await ParallelWork.RunAsync(layout.Files.Count, i =>
        {
            var info = new FileInfo(layout.Files[i].File);
            stamps[i] = (info.Exists ? info.Length : -1, info.Exists ? info.LastWriteTimeUtc.Ticks : 0);
            if (known.TryGetValue(layout.Files[i].File, out var entry) && entry.Length == stamps[i].Length && entry.Ticks == stamps[i].Ticks)
            {
                hashes[i] = entry.Hash;
                return;
            }
            hashes[i] = HashFile(layout.Files[i].File);
            Interlocked.Increment(ref rehashed);
        }, cancellation).ConfigureAwait(false);
        if (rehashed > 0 || known.Count != layout.Files.Count)
        {
            WriteManifest(ManifestPath(root, part), layout, stamps, hashes);
        }
        using var key = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        key.AppendData(Encoding.UTF8.GetBytes($"lenet folder cache 1\npreprocess {mode}\nclasses {string.Join('/', layout.ClassNames)}\n"));
        for (int i = 0; i < hashes.Length; i++)
        {
            key.AppendData(Encoding.UTF8.GetBytes($"{Path.GetRelativePath(layout.Directory, layout.Files[i].File)}\n{layout.Files[i].Class}\n"));
            key.AppendData(hashes[i]);
        }
        return new FolderDecodeCache(root, part, Convert.ToHexStringLower(key.GetHashAndReset())[..32]);
    }

    /// <summary>The cached split, or null when there is none for this key.</summary>
    public LabelledImages? TryRead(string name, ClassSet classes)
    {
        if (!File.Exists(ImagesPath) || !File.Exists(LabelsPath))
        {
            return null;
        }
        try
        {
            return IdxFileReader.Pair(name, IdxFileReader.ReadImages(ImagesPath), IdxFileReader.ReadLabels(LabelsPath), classes);
        }
        catch (InvalidInputException)
        {
            // A damaged cache is only a slower start: decode again and overwrite it.
            return null;
        }
    }

    public void Write(LabelledImages split, ILogger logger)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            WriteIdx(ImagesPath, IdxFileReader.ImagesMagic, split.Count, [Model.ParameterLayout.ImageSide, Model.ParameterLayout.ImageSide], split.Pixels);
            WriteIdx(LabelsPath, IdxFileReader.LabelsMagic, split.Count, [], split.Labels);
            foreach (string stale in System.IO.Directory.EnumerateFiles(Directory, $"{part}-*"))
            {
                if (stale != ImagesPath && stale != LabelsPath)
                {
                    File.Delete(stale);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            logger.CacheNotWritten(ImagesPath, exception.Message.ReplaceLineEndings(" "));
        }
    }

    /// <summary>Writes an IDX file (big-endian header: magic, count, then the other dimensions) atomically.</summary>
    public static void WriteIdx(string path, uint magic, int count, int[] dimensions, byte[] body)
    {
        using AtomicFileWriter writer = AtomicFileWriter.Create(path);
        Span<byte> word = stackalloc byte[4];
        foreach (uint value in new[] { magic, (uint)count }.Concat(dimensions.Select(d => (uint)d)))
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(word, value);
            writer.Stream.Write(word);
        }
        writer.Stream.Write(body);
        writer.Commit();
    }

    private static Dictionary<string, (long Length, long Ticks, byte[] Hash)> ReadManifest(string path)
    {
        var entries = new Dictionary<string, (long, long, byte[])>(StringComparer.Ordinal);
        try
        {
            foreach (string line in File.Exists(path) ? File.ReadLines(path) : [])
            {
                string[] fields = line.Split('\t');
                if (fields.Length == 4 && long.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long length)
                    && long.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out long ticks) && fields[3].Length == 64)
                {
                    entries[fields[0]] = (length, ticks, Convert.FromHexString(fields[3]));
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            // Without a manifest every file is hashed: slower, never wrong.
            entries.Clear();
        }
        return entries;
    }

    private static void WriteManifest(string path, FolderLayout layout, (long Length, long Ticks)[] stamps, byte[][] hashes)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var text = new StringBuilder();
            for (int i = 0; i < hashes.Length; i++)
            {
                text.Append(layout.Files[i].File).Append('\t').Append(stamps[i].Length.ToString(CultureInfo.InvariantCulture)).Append('\t')
                    .Append(stamps[i].Ticks.ToString(CultureInfo.InvariantCulture)).Append('\t')
                    .Append(Convert.ToHexStringLower(hashes[i])).Append('\n');
            }
            AtomicFileWriter.WriteAllText(path, text.ToString());
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The next run hashes every file again; nothing else depends on the manifest.
        }
    }

    private static byte[] HashFile(string file)
    {
        try
        {
            using FileStream stream = File.OpenRead(file);
            return SHA256.HashData(stream);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{file}: cannot read it ({exception.Message})".ReplaceLineEndings(" "), exception);
        }
    }
}
