// The "idx" data source: IDX image and label files given by path (Data:TrainImages, Data:TrainLabels and
// optionally Data:TestImages, Data:TestLabels), raw or gzip, images of any size, labels 0..255 (UserLabels).
// Without a test pair, StratifiedSplit holds out Data:TestFraction of each class. Every file is read as strictly
// as MNIST's (IdxFileReader); images are prepared like every user image (SamplePreparation).
using LeNetPipeline.Model;
using Microsoft.Extensions.Logging;

namespace LeNetPipeline.Data;

internal static class IdxSource
{
    public static async Task<(LabelledImages Train, LabelledImages Test)> LoadAsync(DataSourceSettings settings, ILogger logger, CancellationToken cancellation)
    {
        (IdxContent trainImages, IdxContent trainLabels) = ReadPair(settings.TrainImages, settings.TrainLabels, cancellation);
        ClassSet classes = UserLabels.ClassesOf(trainLabels.Path, trainLabels.Body);
        logger.ClassesFound(trainLabels.Path, classes.ToString());
        LabelledImages train = await PrepareAsync(trainImages.Path, trainImages, trainLabels, classes, settings.Preprocess, logger, cancellation).ConfigureAwait(false);
        if (string.IsNullOrEmpty(settings.TestImages))
        {
            return StratifiedSplit.Apply(train, settings.TestFraction, settings.SplitSeed);
        }
        (IdxContent testImages, IdxContent testLabels) = ReadPair(settings.TestImages, settings.TestLabels, cancellation);
        UserLabels.CheckTest(testLabels.Body, classes, i => $"{testLabels.Path}: entry {i}");
        LabelledImages test = await PrepareAsync(testImages.Path, testImages, testLabels, classes, settings.Preprocess, logger, cancellation).ConfigureAwait(false);
        return (train, test);
    }

    private static (IdxContent Images, IdxContent Labels) ReadPair(string imagesPath, string labelsPath, CancellationToken cancellation)
    {
        IdxContent images = IdxFileReader.ReadImagesOfAnySize(imagesPath, cancellation);
        IdxContent labels = IdxFileReader.ReadLabels(labelsPath, cancellation);
        if (images.Count != labels.Count)
        {
            throw new InvalidInputException(
                $"{images.Path}: holds {images.Count} images but its labels file {labels.Path} holds {labels.Count} labels");
        }
        return (images, labels);
    }

    private static Task<LabelledImages> PrepareAsync(string name, IdxContent images, IdxContent labels, ClassSet classes,
        ImagePreprocessing mode, ILogger logger, CancellationToken cancellation)
    {
        bool mnistSized = images.Rows == ParameterLayout.ImageSide && images.Columns == ParameterLayout.ImageSide;
        if (mode == ImagePreprocessing.None)
        {
            return mnistSized
                ? Task.FromResult(new LabelledImages(name, images.Body, labels.Body, classes))
                : throw new InvalidInputException(
                    $"{images.Path}: holds images of {images.Rows}x{images.Columns}, but Data:Preprocess=none needs 28x28 (Data:Preprocess=auto fits any size)");
        }
        string[] names = [.. Enumerable.Range(0, images.Count).Select(i => $"{images.Path}: image {i}")];
        return SampleBuilder.BuildAsync(name, names, SampleBuilder.FromBytes(images.Body, images.Rows, images.Columns), labels.Body, classes, mode, logger, cancellation);
    }
}
