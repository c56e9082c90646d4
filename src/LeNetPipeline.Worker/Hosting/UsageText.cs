// The text --help prints: the verbs, the main settings with the value each has here and what it means, where
// settings come from, what a run leaves behind, and the exit codes. Values are read from the same sources a run
// reads (settings files, LENET_ variables, the command line), so the help shows what a run would use; nothing
// else is read and nothing is written.
using System.Text;
using Microsoft.Extensions.Configuration;
using LeNetPipeline.Worker.Commands;

namespace LeNetPipeline.Worker.Hosting;

internal static class UsageText
{
    public const string Program = "LeNetPipeline.Worker";

    private static readonly Setting[] DataSettings =
    [
        new("Data:Dataset", "mnist", "mnist | fashion-mnist | idx | folder | csv (your own labelled images)"),
        new("Data:Directory", "", "mnist, fashion-mnist: where the IDX files are (empty: data/<Dataset>), fetched when missing; folder: the class folders"),
        new("Data:TrainImages", "", "idx: the training images and, in Data:TrainLabels, their labels (Data:TestImages, Data:TestLabels optional)"),
        new("Data:TrainCsv", "", "csv: label,pixel0,...,pixel783 rows to train on (Data:TestCsv optional)"),
        new("Data:TestFraction", "0.1", "share of each class held out when the data has no test part (seeded by Data:SplitSeed)"),
        new("Data:Preprocess", "auto", "auto: grey, light on dark, fitted into 28x28 as predict does; none: images used as they are"),
        new("Data:TrainLimit", "0", "training samples used, 0 = all"),
        new("Data:TestLimit", "0", "test samples used, 0 = all"),
    ];

    private static readonly Setting[] TrainSettings =
    [
        new("Training:Epochs", "15", "passes over the training set"),
        new("Training:BatchSize", "64", "samples per SGD update"),
        new("Training:LearningRate", "0.01", "SGD step size"),
        new("Training:Momentum", "0.9", "SGD momentum"),
        new("Training:WeightDecay", "0", "L2 weight decay"),
        new("Training:LearningRateDropEpochs", "", "epochs after which the learning rate is multiplied by LearningRateDropFactor"),
        new("Training:LearningRateDropFactor", "0.1", "the factor of each drop"),
        new("Training:Seed", "1", "the whole random state: initial weights, order, augmentation"),
        new("Training:Shuffle", "true", "shuffle the training set every epoch"),
        new("Training:MaxShift", "0", "largest random shift of an image, in pixels (0 = no augmentation)"),
        new("Training:DivergenceLoss", "50", "a batch loss above this ends the run as diverged (exit 4)"),
        new("Pipeline:ComputeParallelism", "0", "compute stages at once, 0 = one per core (never changes the result)"),
        new("Model:InitFrom", "", "an .npz of weights to start from (empty: the seeded initialisation)"),
        new("Output:Directory", "runs/latest", "where the run's files go"),
        new("Checkpoint:EveryBatches", "0", "also write checkpoint.npz every this many batches (0: at epoch ends and on stop)"),
        new("Checkpoint:ResumeFrom", "", "empty: start afresh; a checkpoint.npz to continue; auto: continue Output:Directory's checkpoint when it is this run's"),
        new("Progress:IntervalSeconds", "5", "seconds between progress lines"),
        new("Telemetry:PrometheusUrl", "", "serve <url>metrics (Prometheus) and <url>healthz, e.g. http://127.0.0.1:9464/ (empty: off)"),
        new("Telemetry:OtlpEndpoint", "", "push metrics to an OpenTelemetry collector, e.g. http://127.0.0.1:4317 (empty: off)"),
        new("Telemetry:StallSeconds", "300", "healthz answers 503 after this long without a completed batch"),
        new("Logging:Console:FormatterName", "simple", "simple | json | systemd"),
    ];

    private static readonly Setting[] EvaluateSettings =
    [
        new("Evaluate:Weights", "", "the .npz to evaluate (empty: model.npz in Output:Directory)"),
        new("Evaluate:Split", "test", "test | train"),
        new("Output:Directory", "runs/latest", "where evaluation-<split>.csv and confusion-<split>.csv go"),
    ];

    private static readonly Setting[] PredictSettings =
    [
        new("Predict:Weights", "", "the .npz to predict with (empty: model.npz in Output:Directory)"),
    ];

    private static readonly Setting[] ExportSettings =
    [
        new("Export:Weights", "", "the .npz to export (float32 or float64)"),
        new("Export:Onnx", "", "the ONNX model to write (empty: none)"),
        new("Export:Npz", "", "a float32 .npz to write (empty: none)"),
    ];

    /// <param name="settings">The configuration a run would read, or null when there is none to read.</param>
    /// <param name="settingsFile">The settings file found, or null.</param>
    public static string For(CommandLine commandLine, IConfiguration? settings, string? settingsFile)
    {
        var text = new StringBuilder();
        string verb = commandLine.CommandGiven ? commandLine.Command : "";
        switch (verb)
        {
            case "train":
                text.AppendLine($"{Program} train: train LeNet-5 and write the model, its metrics and pictures (the default command).")
                    .AppendLine()
                    .AppendLine($"Usage: {Program} [train] [--Section:Key=value ...]");
                AppendSettings(text, settings, [.. DataSettings, .. TrainSettings]);
                AppendTrainOutputs(text);
                break;
            case "evaluate":
                text.AppendLine($"{Program} evaluate: score weights on the test (or training) set, per class.")
                    .AppendLine()
                    .AppendLine($"Usage: {Program} evaluate [--Evaluate:Weights=FILE.npz] [--Section:Key=value ...]");
                AppendSettings(text, settings, [.. EvaluateSettings, .. DataSettings]);
                break;
            case "predict":
                text.AppendLine($"{Program} predict: classify image files (PNG, JPEG, BMP or PGM, or CSV rows of pixels) and print each one's class and probabilities.")
                    .AppendLine()
                    .AppendLine($"Usage: {Program} predict IMAGE [IMAGE ...] [--Predict:Weights=FILE.npz]")
                    .AppendLine("The table goes to standard output, the log to standard error.");
                AppendSettings(text, settings, PredictSettings);
                break;
            case "export":
                text.AppendLine($"{Program} export: write weights as an ONNX model and/or a float32 .npz.")
                    .AppendLine()
                    .AppendLine($"Usage: {Program} export --Export:Weights=FILE.npz [--Export:Onnx=FILE.onnx] [--Export:Npz=FILE.npz]");
                AppendSettings(text, settings, ExportSettings);
                break;
            default:
                text.AppendLine($"{Program}: trains LeNet-5 from scratch on MNIST, Fashion-MNIST or your own labelled images, and uses the weights.")
                    .AppendLine()
                    .AppendLine("Usage:")
                    .AppendLine($"  {Program} [train] [--Section:Key=value ...]   train (the default command)")
                    .AppendLine($"  {Program} evaluate [--Section:Key=value ...]  score weights on the test set")
                    .AppendLine($"  {Program} predict IMAGE [IMAGE ...]            classify image files")
                    .AppendLine($"  {Program} export --Export:Weights=FILE ...     write weights as ONNX or float32 .npz")
                    .AppendLine($"  {Program} COMMAND --help                       the command's settings")
                    .AppendLine($"  {Program} --version                            the version and commit");
                AppendSettings(text, settings, [.. DataSettings, .. TrainSettings]);
                AppendTrainOutputs(text);
                break;
        }
        AppendSources(text, settingsFile);
        AppendExitCodes(text);
        return text.ToString();
    }

    private static void AppendSettings(StringBuilder text, IConfiguration? settings, IEnumerable<Setting> list)
    {
        text.AppendLine()
            .AppendLine(settings is null ? "Settings (built-in default, then meaning):" : "Settings (value in effect here, then meaning):");
        foreach (Setting setting in list)
        {
            string value = settings is null ? setting.Default : Value(settings, setting.Key) ?? setting.Default;
            text.AppendLine($"  --{setting.Key}={value}").AppendLine($"      {setting.Meaning}");
        }
    }

    private static string? Value(IConfiguration settings, string key)
    {
        IConfigurationSection section = settings.GetSection(key);
        if (section.Value is not null)
        {
            return section.Value;
        }
        // A list (Training:LearningRateDropEpochs) is its elements, written as the command line takes them.
        string[] elements = section.GetChildren().Select(child => child.Value ?? "").ToArray();
        return elements.Length > 0 ? string.Join(',', elements) : null;
    }

    private static void AppendTrainOutputs(StringBuilder text) =>
        text.AppendLine()
            .AppendLine("Outputs, in Output:Directory (each written whole or not at all):")
            .AppendLine("  model.npz        the trained weights")
            .AppendLine("  metrics.csv      per epoch: train and test loss and accuracy, learning rate, seconds")
            .AppendLine("  summary.json     the run's settings, results, speed and weights_sha256")
            .AppendLine("  checkpoint.npz   where to resume from (Checkpoint:ResumeFrom)")
            .AppendLine("  loss.png, accuracy.png, confusion.png");

    private static void AppendSources(StringBuilder text, string? settingsFile) =>
        text.AppendLine()
            .AppendLine("Where settings come from, later ones winning:")
            .AppendLine("  1. config/appsettings.json in the working directory or the nearest parent that has one, else beside the program")
            .AppendLine(settingsFile is null ? "     (none found from here)" : $"     (here: {settingsFile})")
            .AppendLine("  2. config/appsettings.<name>.json with --Profile=<name> (or LENET_Profile=<name>)")
            .AppendLine("  3. environment variables LENET_Section__Key=value, e.g. LENET_Training__Epochs=20")
            .AppendLine("  4. the command line: --Section:Key=value or --Section:Key value, e.g. --Training:Epochs=20");

    private static void AppendExitCodes(StringBuilder text) =>
        text.AppendLine()
            .AppendLine("Exit codes:")
            .AppendLine("  0  done; or stopped by SIGINT/SIGTERM after writing the checkpoint; or, with Checkpoint:ResumeFrom=auto, nothing left to train")
            .AppendLine("  1  any other failure")
            .AppendLine("  2  invalid configuration: a setting, an unknown section or argument, or auto-resume finding another run's checkpoint")
            .AppendLine("  3  invalid input: data, weights, checkpoint or image files")
            .AppendLine("  4  training diverged (the loss exploded or became NaN)")
            .AppendLine("The first line on standard error says what was wrong and where.");

    private sealed record Setting(string Key, string Default, string Meaning);
}
