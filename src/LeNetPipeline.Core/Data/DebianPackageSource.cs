// The ".gz" files a Debian package installs (dataset-fashion-mnist under <prefix>/share/datasets/fashion-mnist).
// It reads what is installed and never installs anything: that is the administrator's call, not the worker's.
using System.IO.Compression;

namespace LeNetPipeline.Data;

public sealed class DebianPackageSource : IDatasetSource
{
    private readonly string _package;
    private readonly IReadOnlyList<string> _directories;

    /// <param name="package">The package name, for messages.</param>
    /// <param name="directories">Where the package puts the files, tried in order.</param>
    public DebianPackageSource(string package, IReadOnlyList<string> directories)
    {
        ArgumentException.ThrowIfNullOrEmpty(package);
        _package = package;
        _directories = directories.ToArray();
    }

    public string Description => $"Debian package {_package} ({string.Join(", ", _directories)})";

    public async Task FetchAsync(IReadOnlyList<DatasetFile> wanted, VerifiedFileStore store, CancellationToken ct)
    {
        foreach (DatasetFile file in wanted)
        {
            string path = _directories
                .SelectMany(directory => new[] { Path.Combine(directory, file.GzipName), Path.Combine(directory, file.Name) })
                .FirstOrDefault(File.Exists)
                ?? throw new FileNotFoundException(
                    $"no {file.GzipName} in {string.Join(" or ", _directories)}: is {_package} installed (apt-get install {_package})?");
            await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: true);
            await using Stream decompressed = path.EndsWith(".gz", StringComparison.Ordinal)
                ? new GZipStream(input, CompressionMode.Decompress)
                : input;
            await store.StoreAsync(file, decompressed, ct);
        }
    }
}
