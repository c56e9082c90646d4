// The "evaluate" command: scores a weights file on a split of the configured data set and reports accuracy, mean
// loss, per-class accuracy and the confusion matrix, in the log and as CSV files in Output:Directory.
// Invariant: it reads only; the weights file and the data directory are never changed, and the CSV files appear
// whole or not at all.
using System.Diagnostics;
using LeNetPipeline.Data;
using LeNetPipeline.Evaluation;
using LeNetPipeline.Weights;
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Worker.Options;
using LeNetPipeline.Worker.Outputs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeNetPipeline.Worker.Commands.Evaluation;

internal sealed class EvaluateCommand(
    ILogger<EvaluateCommand> logger,
    ContentRoot root,
    CommandLine commandLine,
    DatasetProvider datasets,
    IOptions<EvaluateOptions> evaluateOptions,
    IOptions<DataOptions> dataOptions,
    IOptions<PipelineOptions> pipelineOptions,
    IOptions<OutputOptions> outputOptions) : IWorkerCommand
{
    /// <summary>The services of "evaluate": its validated options and the command itself.</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddOptions<EvaluateOptions>()
            .BindSettings(EvaluateOptions.Section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<EvaluateOptions>, EvaluateOptionsValidator>();
        services.AddSingleton<EvaluateCommand>().AddSingleton<IWorkerCommand>(s => s.GetRequiredService<EvaluateCommand>());
    }

    Task IWorkerCommand.RunAsync(CancellationToken stoppingToken) => EvaluateAsync(stoppingToken);

    /// <summary>Evaluates; returns the result, or null when a stop request ended it early (nothing written).</summary>
    public async Task<EvaluationResult?> EvaluateAsync(CancellationToken stop)
    {
        if (commandLine.Inputs.Length > 0)
        {
            throw new InvalidConfigurationException(
                $"evaluate takes no file arguments (got '{commandLine.Inputs[0]}'): give the weights as --{EvaluateOptions.Section}:{nameof(EvaluateOptions.Weights)}=<file.npz>");
        }
        EvaluateOptions options = evaluateOptions.Value;
        DataOptions data = dataOptions.Value;
        string weightsPath = WeightsSetting.Resolve(root, options.Weights, outputOptions.Value.Directory);
        WeightsFileContent model = WeightsFile.ReadModel(weightsPath);
        RunOutputs outputs = RunOutputs.Prepare(root.Resolve(outputOptions.Value.Directory));

        try
        {
            LabelledImages split = await LoadSplitAsync(data, options.Split, stop).ConfigureAwait(false);
            if (ModelClasses.EnsureFits(weightsPath, model, split.Classes) is { } modelClasses)
            {
                EvaluateLog.OtherClassNames(logger, weightsPath, modelClasses.ToString(), split.Classes.ToString());
            }
            float[] parameters = model.Parameters;
            int parallelism = pipelineOptions.Value.EffectiveParallelism;
            EvaluateLog.Starting(logger, weightsPath, data.Dataset, options.Split, split.Count, parallelism);

            var clock = Stopwatch.StartNew();
            KernelPredictor.Scores scores = KernelPredictor.Score(parameters, split, parallelism, stop);
            clock.Stop();

            var result = EvaluationResult.From(split.Labels, scores.Predictions, scores.Losses, split.Classes.Count);
            double seconds = clock.Elapsed.TotalSeconds;
            EvaluateLog.Finished(logger, data.Dataset, options.Split, result.Accuracy, result.Correct, result.Samples, result.MeanLoss,
                seconds, result.Samples / Math.Max(seconds, 1e-9));
            IReadOnlyList<string> names = split.Classes.Names;
            EvaluationTable.Log(logger, result, names);
            (string summaryPath, string confusionPath) = EvaluationFiles.Write(outputs.Directory, options.Split, names, result);
            EvaluateLog.FilesWritten(logger, summaryPath, confusionPath);
            return result;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            EvaluateLog.Stopped(logger);
            return null;
        }
    }

    private async Task<LabelledImages> LoadSplitAsync(DataOptions data, string split, CancellationToken stop)
    {
        (LabelledImages train, LabelledImages test) = await datasets.LoadAsync(data.ToSource(root.Resolve), stop).ConfigureAwait(false);
        return split == EvaluateOptions.TrainSplit ? train.Take(data.TrainLimit) : test.Take(data.TestLimit);
    }
}
