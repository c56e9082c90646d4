// The output directory of a run and every file in it: model.npz, metrics.csv, summary.json, checkpoint.npz.
// Each is written to a temporary file and renamed into place, so a crash never leaves half a file.
using System.Globalization;
using System.Text.Json;
using System.Text;
using LeNetPipeline.IO;
using LeNetPipeline.Weights;
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Worker.Pipeline;
using LeNetPipeline.Worker.Training;
using LeNetPipeline.Worker.Options;

namespace LeNetPipeline.Worker.Outputs;

internal sealed class RunOutputs
{
    public const string ModelFile = "model.npz";
    public const string MetricsFile = "metrics.csv";
    public const string SummaryFile = "summary.json";
    public const string CheckpointFile = "checkpoint.npz";

    private static readonly JsonSerializerOptions SummaryJson = new() { WriteIndented = true };

    private RunOutputs(string directory) => Directory = directory;

    public string Directory { get; }

    public string CheckpointPath => Path.Combine(Directory, CheckpointFile);

    /// <summary>Creates the directory if needed and proves it writable before any work starts.</summary>
    public static RunOutputs Prepare(string directory)
    {
        try
        {
            System.IO.Directory.CreateDirectory(directory);
            AtomicFileWriter.RemoveStale(directory);
            string probe = Path.Combine(directory, $".write-probe-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new InvalidConfigurationException(
                $"invalid setting Output:Directory={directory}: cannot create or write there ({exception.Message})", exception);
        }
        return new RunOutputs(directory);
    }

    public void WriteMetrics(IReadOnlyList<EpochMetrics> rows)
    {
        var csv = new StringBuilder("epoch,train_loss,train_accuracy,test_loss,test_accuracy,learning_rate,seconds,working_set_mb\n");
        foreach (EpochMetrics row in rows)
        {
            csv.AppendLine(string.Join(',',
                row.Epoch.ToString(CultureInfo.InvariantCulture),
                Number(row.TrainLoss), Number(row.TrainAccuracy), Number(row.TestLoss), Number(row.TestAccuracy),
                Number(row.LearningRate), Number(row.Seconds), Number(Math.Round(row.WorkingSetMegabytes, 1))));
        }
        AtomicFileWriter.WriteAllText(Path.Combine(Directory, MetricsFile), csv.ToString());
    }

    public string WriteCheckpoint(TrainingCheckpoint checkpoint)
    {
        checkpoint.Write(CheckpointPath);
        return CheckpointPath;
    }

    public void WriteModel(ReadOnlySpan<float> parameters, IReadOnlyList<string> classNames) =>
        WeightsFile.Write(Path.Combine(Directory, ModelFile), parameters, classNames);

    public void WriteSummary(RunSummary summary) =>
        AtomicFileWriter.WriteAllText(Path.Combine(Directory, SummaryFile), JsonSerializer.Serialize(summary, SummaryJson) + "\n");

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
