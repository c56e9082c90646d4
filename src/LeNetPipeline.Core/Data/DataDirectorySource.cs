// The first source: the configured data directory, holding the four files raw or as ".gz".
// Files found here are the user's: they are read as they are and never fetched over, official or not.
namespace LeNetPipeline.Data;

public sealed class DataDirectorySource
{
    public DataDirectorySource(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = directory;
    }

    public string Directory { get; }

    /// <summary>
    /// The path of <paramref name="file"/> in the directory, raw preferred over ".gz" (it is what fetching stores,
    /// and it reads faster), or null when neither exists. A directory of that name counts as present, so the
    /// strict reader rejects it rather than a fetch trying to write over it.
    /// </summary>
    public string? Locate(DatasetFile file)
    {
        foreach (string name in (ReadOnlySpan<string>)[file.Name, file.GzipName])
        {
            string path = Path.Combine(Directory, name);
            if (Path.Exists(path))
            {
                return path;
            }
        }
        return null;
    }

    /// <summary>The files of <paramref name="dataset"/> that are not in the directory.</summary>
    public IReadOnlyList<DatasetFile> Missing(DatasetDefinition dataset) =>
        dataset.Files.Where(file => Locate(file) is null).ToArray();
}
