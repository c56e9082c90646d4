// One of the four official IDX files of a data set: its name in every source, and its decompressed size and SHA-256.
// Size and digest are what a fetched file must match before it is stored; user files are only compared, for a warning.
namespace LeNetPipeline.Data;

/// <param name="Name">The file name without ".gz", e.g. "train-images-idx3-ubyte".</param>
/// <param name="Length">The decompressed length in bytes, header included.</param>
/// <param name="Sha256">The decompressed SHA-256, lower-case hex.</param>
public sealed record DatasetFile(string Name, long Length, string Sha256)
{
    public string GzipName => Name + ".gz";

    public override string ToString() => Name;
}
