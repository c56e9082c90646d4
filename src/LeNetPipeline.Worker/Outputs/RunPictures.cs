// The pictures a finished run leaves in its output directory: loss.png and accuracy.png (per epoch, train and
// test) and confusion.png (the final weights on the test set, predicted by the training kernel). Pictures are a view
// of results already saved (model.npz, metrics.csv), so failing to draw them is reported, never fatal to the run.
using LeNetPipeline.Data;
using LeNetPipeline.Evaluation;
using LeNetPipeline.IO;
using LeNetPipeline.Model;
using LeNetPipeline.Worker.Training;
using LeNetPipeline.Worker.Outputs;
using LeNetPipeline.Worker.Pipeline;
using Microsoft.Extensions.Logging;

namespace LeNetPipeline.Worker.Outputs;

internal sealed partial class RunPictures(ILogger<RunPictures> logger)
{
    public const string LossFile = "loss.png";
    public const string AccuracyFile = "accuracy.png";
    public const string ConfusionFile = "confusion.png";

    /// <summary>Draws the three pictures into <paramref name="directory"/>; returns the final test evaluation.</summary>
    public ConfusionMatrix? Draw(string directory, IReadOnlyList<EpochMetrics> epochs, float[] parameters, LabelledImages? test,
        int parallelism, CancellationToken cancellation)
    {
        try
        {
            if (!ChartStyle.HasFonts)
            {
                NoFonts(logger);
            }
            if (epochs.Count > 0)
            {
                Save(directory, LossFile, EpochCharts.Loss(epochs));
                Save(directory, AccuracyFile, EpochCharts.Accuracy(epochs));
            }
            if (test is null || test.Count == 0)
            {
                return null;
            }
            byte[] predictions = KernelPredictor.Predict(parameters, test, parallelism, cancellation);
            var matrix = ConfusionMatrix.Of(test.Labels, predictions, test.Classes.Count);
            string epoch = epochs.Count > 0 ? $"after epoch {epochs[^1].Epoch}" : "before training";
            Save(directory, ConfusionFile, ConfusionChart.Draw(matrix, test.Classes.Names,
                $"Test set {epoch}: {matrix.Correct} of {matrix.Total} right ({matrix.Accuracy:P2})"));
            PicturesDrawn(logger, directory, matrix.Accuracy);
            return matrix;
        }
        catch (Exception exception)
        {
            // A missing native library, an unwritable file or a stop request must not turn a finished run into a failed one.
            PicturesFailed(logger, directory, exception is OperationCanceledException ? "stop requested" : exception.Message);
            return null;
        }
    }

    private static void Save(string directory, string file, byte[] png)
    {
        using AtomicFileWriter writer = AtomicFileWriter.Create(Path.Combine(directory, file));
        writer.Stream.Write(png);
        writer.Commit();
    }

    [LoggerMessage(EventId = 420, Level = LogLevel.Information,
        Message = "Pictures written to {OutputDirectory}: loss.png, accuracy.png, confusion.png (final test accuracy {TestAccuracy:P2})")]
    private static partial void PicturesDrawn(ILogger logger, string outputDirectory, double testAccuracy);

    [LoggerMessage(EventId = 421, Level = LogLevel.Warning,
        Message = "No pictures in {OutputDirectory}: {Reason}; the model and metrics are written")]
    private static partial void PicturesFailed(ILogger logger, string outputDirectory, string reason);

    [LoggerMessage(EventId = 422, Level = LogLevel.Warning,
        Message = "No font found under /usr/share/fonts: the pictures will have no text (install fonts-dejavu-core)")]
    private static partial void NoFonts(ILogger logger);
}
