// The "csv" data source: Data:TrainCsv and optionally Data:TestCsv in the digit-recognizer layout (CsvImages),
// labels 0..255 (UserLabels). Without a test file, StratifiedSplit holds out Data:TestFraction of each class.
// A test file without labels cannot be scored, so training and evaluate refuse it; predict classifies its rows.
using LeNetPipeline.Model;
using Microsoft.Extensions.Logging;

namespace LeNetPipeline.Data;

internal static class CsvSource
{
    public static async Task<(LabelledImages Train, LabelledImages Test)> LoadAsync(DataSourceSettings settings, ILogger logger, CancellationToken cancellation)
    {
        CsvImages trainFile = CsvImages.Read(settings.TrainCsv, cancellation);
        if (!trainFile.Labelled)
        {
            throw new InvalidInputException($"{trainFile.Path}: line 1: has no label column; training data needs one (label,pixel0,pixel1,...)");
        }
        ClassSet classes = UserLabels.ClassesOf(trainFile.Path, trainFile.Labels);
        logger.ClassesFound(trainFile.Path, classes.ToString());
        LabelledImages train = await PrepareAsync(trainFile.Path, trainFile, classes, settings.Preprocess, logger, cancellation).ConfigureAwait(false);
        if (string.IsNullOrEmpty(settings.TestCsv))
        {
            return StratifiedSplit.Apply(train, settings.TestFraction, settings.SplitSeed);
        }
        CsvImages testFile = CsvImages.Read(settings.TestCsv, cancellation);
        if (!testFile.Labelled)
        {
            throw new InvalidInputException(
                $"{testFile.Path}: line 1: has no label column, so it cannot be scored; leave Data:TestCsv empty (Data:TestFraction holds out part of Data:TrainCsv) and classify this file with predict");
        }
        UserLabels.CheckTest(testFile.Labels, classes, testFile.ItemName);
        LabelledImages test = await PrepareAsync(testFile.Path, testFile, classes, settings.Preprocess, logger, cancellation).ConfigureAwait(false);
        return (train, test);
    }

    private static Task<LabelledImages> PrepareAsync(string name, CsvImages file, ClassSet classes, ImagePreprocessing mode, ILogger logger, CancellationToken cancellation)
    {
        if (mode == ImagePreprocessing.None)
        {
            return file.Side == ParameterLayout.ImageSide
                ? Task.FromResult(new LabelledImages(name, file.Pixels, file.Labels, classes))
                : throw new InvalidInputException(
                    $"{file.Path}: holds images of {file.Side}x{file.Side}, but Data:Preprocess=none needs 28x28 (Data:Preprocess=auto fits any size)");
        }
        string[] names = [.. Enumerable.Range(0, file.Count).Select(file.ItemName)];
        return SampleBuilder.BuildAsync(name, names, SampleBuilder.FromBytes(file.Pixels, file.Side, file.Side), file.Labels, classes, mode, logger, cancellation);
    }
}
