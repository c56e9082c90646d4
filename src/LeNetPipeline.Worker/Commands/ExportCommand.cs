// The "export" command: reads a weights file (float32 or float64 .npz with the parameter names of docs/architecture.md) and writes it as a
// float32 .npz and/or an ONNX model. The input is read and checked whole before anything is written; every file
// is written atomically, so a failed export leaves the files that were there before untouched.
using LeNetPipeline.Onnx;
using LeNetPipeline.Weights;
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Worker.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeNetPipeline.Worker.Commands;

internal sealed partial class ExportCommand(
    ILogger<ExportCommand> logger,
    ContentRoot root,
    CommandLine commandLine,
    IOptions<ExportOptions> options) : IWorkerCommand
{
    public const string Name = "export";

    /// <summary>The command and its settings, which only this command binds and validates.</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddOptions<ExportOptions>()
            .BindSettings(ExportOptions.Section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExportOptions>, ExportOptionsValidator>();
        services.AddSingleton<IWorkerCommand, ExportCommand>();
    }

    public Task RunAsync(CancellationToken stoppingToken)
    {
        if (commandLine.Inputs.Length > 0)
        {
            throw new InvalidConfigurationException(
                $"{Name} takes no file arguments ({string.Join(' ', commandLine.Inputs)}): give --{ExportOptions.Section}:Weights=FILE");
        }
        ExportOptions export = options.Value;
        string weightsPath = root.Resolve(export.Weights);
        if (!string.IsNullOrWhiteSpace(export.Onnx) && root.Resolve(export.Onnx) == weightsPath)
        {
            throw new InvalidConfigurationException(
                $"invalid setting {ExportOptions.Section}:Onnx={export.Onnx}: it is the weights file being exported, which it would overwrite");
        }
        if (!string.IsNullOrWhiteSpace(export.Onnx) && !string.IsNullOrWhiteSpace(export.Npz) && root.Resolve(export.Onnx) == root.Resolve(export.Npz))
        {
            throw new InvalidConfigurationException(
                $"invalid setting {ExportOptions.Section}:Npz={export.Npz}: the same file as {ExportOptions.Section}:Onnx");
        }
        float[] parameters = WeightsFile.Read(weightsPath);
        WeightsRead(logger, weightsPath, parameters.Length, WeightsHash.Sha256Hex(parameters));

        if (!string.IsNullOrWhiteSpace(export.Npz))
        {
            string path = Write(nameof(export.Npz), export.Npz, target => WeightsFile.Write(target, parameters));
            NpzWritten(logger, path, new FileInfo(path).Length);
        }
        if (!string.IsNullOrWhiteSpace(export.Onnx))
        {
            string path = Write(nameof(export.Onnx), export.Onnx, target => OnnxModelFile.Write(target, parameters));
            OnnxWritten(logger, path, OnnxModelFile.OpsetVersion, new FileInfo(path).Length);
        }
        return Task.CompletedTask;
    }

    /// <summary>Writes one output; a path that cannot be written is the setting's fault, and says so.</summary>
    private string Write(string key, string setting, Action<string> write)
    {
        string path = root.Resolve(setting);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            write(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new InvalidConfigurationException(
                $"invalid setting {ExportOptions.Section}:{key}={setting}: cannot write {path} ({exception.Message})", exception);
        }
        return path;
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Information,
        Message = "Read {WeightsPath}: {Parameters} parameters, weights_sha256 {WeightsSha256}")]
    private static partial void WeightsRead(ILogger logger, string weightsPath, int parameters, string weightsSha256);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information,
        Message = "Wrote {NpzPath}: float32 .npz, {Bytes} bytes")]
    private static partial void NpzWritten(ILogger logger, string npzPath, long bytes);

    [LoggerMessage(EventId = 402, Level = LogLevel.Information,
        Message = "Wrote {OnnxPath}: ONNX opset {Opset}, input image (N,1,28,28) as byte/255, outputs logits and probabilities (N,10), {Bytes} bytes")]
    private static partial void OnnxWritten(ILogger logger, string onnxPath, long opset, long bytes);
}
