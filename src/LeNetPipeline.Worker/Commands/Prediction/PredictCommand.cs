// The "predict" command: classifies the image files given after the verb (PNG, JPEG, BMP or PGM, or a CSV of pixel rows) with a weights file,
// and prints each image's class and ten probabilities. Invariant: every input is read, checked and prepared before
// anything is printed, so a bad file ends the run (exit 3, naming it) without a partial table.
using LeNetPipeline.Data;
using LeNetPipeline.Images;
using LeNetPipeline.Weights;
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Worker.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace LeNetPipeline.Worker.Commands.Prediction;

internal sealed class PredictCommand(
    ILogger<PredictCommand> logger,
    ContentRoot root,
    CommandLine commandLine,
    IOptions<PredictOptions> predictOptions,
    IOptions<DataOptions> dataOptions,
    IOptions<OutputOptions> outputOptions) : IWorkerCommand
{
    /// <summary>Where the results table goes; standard output unless a test captures it.</summary>
    public TextWriter Output { get; set; } = Console.Out;

    /// <summary>The services of "predict": its options, its logs on standard error, and the command itself.</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddOptions<PredictOptions>()
            .BindSettings(PredictOptions.Section)
            .ValidateOnStart();
        // Standard output is the results table, so `predict a.png > result.txt` keeps the log out of it.
        services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        services.AddSingleton<PredictCommand>().AddSingleton<IWorkerCommand>(s => s.GetRequiredService<PredictCommand>());
    }

    Task IWorkerCommand.RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            Predict(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            PredictLog.Stopped(logger);
        }
        return Task.CompletedTask;
    }

    /// <summary>Classifies every input and prints the table; returns the predictions, in input order.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="stop"/> was signalled before the table was printed.</exception>
    public IReadOnlyList<ImagePrediction> Predict(CancellationToken stop)
    {
        if (commandLine.Inputs.Length == 0)
        {
            throw new InvalidConfigurationException(
                $"predict needs one or more image files (PNG, JPEG, BMP or PGM, or a CSV of pixel rows): predict digit.png [more.png ...] [--{PredictOptions.Section}:{nameof(PredictOptions.Weights)}=<file.npz>]");
        }
        string weightsPath = WeightsSetting.Resolve(root, predictOptions.Value.Weights, outputOptions.Value.Directory);
        WeightsFileContent model = WeightsFile.ReadModel(weightsPath);
        var classifier = new DigitClassifier(model.Parameters);

        var prepared = new List<(string Path, GreyImage Image, PreparedImage Prepared)>();
        foreach (string path in commandLine.Inputs)
        {
            stop.ThrowIfCancellationRequested();
            if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                // A CSV of images (labelled or not, as the digit-recognizer's test.csv): one prediction per row.
                CsvImages rows = CsvImages.Read(ImagePaths.Locate(path, root), stop);
                for (int i = 0; i < rows.Count; i++)
                {
                    string row = $"{path}:{rows.Lines[i].ToString(System.Globalization.CultureInfo.InvariantCulture)}";
                    GreyImage image = rows.Image(i);
                    prepared.Add((row, image, DigitImagePreparer.Prepare(row, image)));
                }
                continue;
            }
            GreyImage file = ImageFileDecoder.Decode(path, ImagePaths.Locate(path, root));
            prepared.Add((path, file, DigitImagePreparer.Prepare(path, file)));
        }

        IReadOnlyList<string> names = ModelClasses.Of(model, dataOptions.Value.Dataset).Names;
        PredictLog.Starting(logger, prepared.Count, weightsPath);
        var predictions = new List<ImagePrediction>();
        foreach ((string path, GreyImage image, PreparedImage input) in prepared)
        {
            stop.ThrowIfCancellationRequested();
            DigitPrediction prediction = classifier.Classify(input.Pixels);
            string name = names[prediction.Class];
            if (prediction.NearTie)
            {
                PredictLog.NearTie(logger, path, DigitClassifier.TieTolerance, name);
            }
            PredictLog.Predicted(logger, path, name, prediction.Probabilities[prediction.Class], image.Width, image.Height,
                Describe(input), PredictionTable.Probabilities(prediction));
            predictions.Add(new ImagePrediction(path, image, input, prediction));
        }
        Output.Write(PredictionTable.Format(predictions, names));
        Output.Flush();
        return predictions;
    }

    private static string Describe(PreparedImage input) => (input.Inverted, input.Normalised) switch
    {
        (false, false) => "used as it is",
        (true, false) => "inverted",
        (false, true) => "normalised to MNIST's 20x20 box in 28x28",
        (true, true) => "inverted, normalised to MNIST's 20x20 box in 28x28",
    };
}
