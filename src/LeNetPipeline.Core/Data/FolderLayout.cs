// The files of a folder data set, as the folder source reads them: one subdirectory per class (its name is the
// class name), classes in ordinal order of their names, files in ordinal order of their names within a class.
// Names starting with "." (the decode cache, .DS_Store) are not data. Invariant: a layout is only built from a
// folder that can be a data set; every reason it cannot is an InvalidInputException naming the directory.
using Microsoft.Extensions.Logging;

namespace LeNetPipeline.Data;

internal sealed class FolderLayout
{
    private FolderLayout(string directory, string[] classes, IReadOnlyList<(string File, int Class)> files)
    {
        Directory = directory;
        ClassNames = classes;
        Files = files;
    }

    public string Directory { get; }

    /// <summary>The class subdirectories' names, in ordinal order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Every file, class by class, with its class index.</summary>
    public IReadOnlyList<(string File, int Class)> Files { get; }

    /// <summary>Reads the class directories of <paramref name="directory"/>.</summary>
    /// <param name="trainClasses">For a test/ part: the training classes, whose indices its files take.</param>
    public static FolderLayout Read(string directory, IReadOnlyList<string>? trainClasses, ILogger logger)
    {
        string[] classes = [.. Entries(directory, files: false).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
        foreach (string stray in Entries(directory, files: true))
        {
            logger.ItemSkipped(stray, "a file beside the class directories belongs to no class");
        }
        IGrouping<string, string>? clash = classes.GroupBy(c => c, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new InvalidInputException(
                $"{directory}: class directories {string.Join(" and ", clash.Select(c => $"'{c}'"))} differ only in case; rename one (a case-insensitive file system would merge them)");
        }
        if (trainClasses is null && classes.Length < 2)
        {
            throw new InvalidInputException(
                classes.Length == 0
                    ? $"{directory}: has no class directories; a folder data set has one subdirectory of images per class"
                    : $"{directory}: has a single class directory '{classes[0]}'; classifying needs at least two classes");
        }
        var files = new List<(string, int)>();
        foreach (string name in classes)
        {
            int label = trainClasses is null ? Array.IndexOf(classes, name) : IndexIn(trainClasses, name, directory);
            string[] members = [.. Entries(Path.Combine(directory, name), files: true).Order(StringComparer.Ordinal)];
            if (members.Length == 0 && trainClasses is null)
            {
                throw new InvalidInputException($"{Path.Combine(directory, name)}: class directory without files; every class needs images to learn from");
            }
            files.AddRange(members.Select(file => (file, label)));
        }
        return new FolderLayout(directory, classes, files);
    }

    private static int IndexIn(IReadOnlyList<string> trainClasses, string name, string directory)
    {
        for (int i = 0; i < trainClasses.Count; i++)
        {
            if (trainClasses[i] == name)
            {
                return i;
            }
        }
        throw new InvalidInputException(
            $"{Path.Combine(directory, name)}: class '{name}' is in the test part but not in the training part; a model cannot predict a class it never saw");
    }

    private static IEnumerable<string> Entries(string directory, bool files)
    {
        try
        {
            IEnumerable<string> entries = files ? System.IO.Directory.EnumerateFiles(directory) : System.IO.Directory.EnumerateDirectories(directory);
            return [.. entries.Where(path => !Path.GetFileName(path).StartsWith('.'))];
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{directory}: cannot list it ({exception.Message})".ReplaceLineEndings(" "), exception);
        }
    }
}
