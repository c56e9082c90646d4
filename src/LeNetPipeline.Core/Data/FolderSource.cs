// The "folder" data source: <Directory>/<class>/<image> (torchvision's ImageFolder layout), or the same under
// <Directory>/train and <Directory>/test. Without test/, StratifiedSplit holds out Data:TestFraction of each class.
// Files are decoded in parallel (PNG, JPEG, BMP, PGM), prepared (SamplePreparation) and cached (FolderDecodeCache).
// Decisions on bad input: a file that is not an image by its first bytes is skipped with a warning (stray notes,
// thumbnails); an image that does not decode, an unreadable file, and every problem of the layout (FolderLayout)
// are errors naming the file or directory.
using System.Diagnostics;
using LeNetPipeline.Images;
using Microsoft.Extensions.Logging;

namespace LeNetPipeline.Data;

internal static class FolderSource
{
    public const string TrainPart = "train";
    public const string TestPart = "test";

    public static async Task<(LabelledImages Train, LabelledImages Test)> LoadAsync(DataSourceSettings settings, ILogger logger, CancellationToken cancellation)
    {
        string root = settings.Directory;
        if (!Directory.Exists(root))
        {
            throw new InvalidInputException(File.Exists(root)
                ? $"{root}: is a file, but Data:Directory of a folder data set must be a directory"
                : $"{root}: does not exist (Data:Directory of a folder data set)");
        }
        string trainDirectory = Path.Combine(root, TrainPart);
        string testDirectory = Path.Combine(root, TestPart);
        bool parts = Directory.Exists(trainDirectory);
        if (!parts && Directory.Exists(testDirectory))
        {
            throw new InvalidInputException($"{root}: has a test/ directory but no train/ one; give both, or put the class directories directly in {root}");
        }

        FolderLayout trainLayout = FolderLayout.Read(parts ? trainDirectory : root, null, logger);
        var classes = new ClassSet(trainLayout.ClassNames);
        logger.ClassesFound(root, classes.ToString());
        LabelledImages train = await LoadPartAsync(root, parts ? TrainPart : "all", trainLayout, classes, settings.Preprocess, logger, cancellation).ConfigureAwait(false);
        RequireEveryClass(train, trainLayout);
        if (parts && Directory.Exists(testDirectory))
        {
            FolderLayout testLayout = FolderLayout.Read(testDirectory, trainLayout.ClassNames, logger);
            LabelledImages test = await LoadPartAsync(root, TestPart, testLayout, classes, settings.Preprocess, logger, cancellation).ConfigureAwait(false);
            return (train, test);
        }
        return StratifiedSplit.Apply(train, settings.TestFraction, settings.SplitSeed);
    }

    private static async Task<LabelledImages> LoadPartAsync(string root, string part, FolderLayout layout, ClassSet classes,
        ImagePreprocessing mode, ILogger logger, CancellationToken cancellation)
    {
        string name = part == "all" ? root : Path.Combine(root, part);
        var clock = Stopwatch.StartNew();
        FolderDecodeCache cache = await FolderDecodeCache.ForAsync(root, part, layout, mode, cancellation).ConfigureAwait(false);
        if (cache.TryRead(name, classes) is { } cached)
        {
            logger.CacheHit(name, cached.Count, cache.ImagesPath, layout.Files.Count, clock.ElapsedMilliseconds);
            return cached;
        }
        string[] files = [.. layout.Files.Select(f => f.File)];
        byte[] labels = [.. layout.Files.Select(f => (byte)f.Class)];
        LabelledImages split = await SampleBuilder.BuildAsync(name, files, i => Decode(files[i]), labels, classes, mode, logger, cancellation).ConfigureAwait(false);
        cache.Write(split, logger);
        double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        logger.Decoded(name, split.Count, files.Length, clock.ElapsedMilliseconds, split.Count / seconds, cache.ImagesPath);
        return split;
    }

    private static SampleBuilder.Decoded Decode(string file)
    {
        byte[] bytes = ImageFileDecoder.ReadFile(file, file);
        return ImageFileDecoder.LooksLikeImage(bytes)
            ? new SampleBuilder.Decoded(ImageFileDecoder.Decode(file, bytes), null)
            : new SampleBuilder.Decoded(null, "not a PNG, JPEG, BMP or PGM image (by its first bytes)");
    }

    // A class whose every file was skipped has nothing to learn from; training would never predict it.
    private static void RequireEveryClass(LabelledImages train, FolderLayout layout)
    {
        for (int c = 0; c < train.Classes.Count; c++)
        {
            if (Array.IndexOf(train.Labels, (byte)c) < 0)
            {
                throw new InvalidInputException(
                    $"{Path.Combine(layout.Directory, layout.ClassNames[c])}: no usable image in this class directory (see the warnings above)");
            }
        }
    }
}
