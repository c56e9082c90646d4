// Validates section "Export" when the export command starts.
using Microsoft.Extensions.Options;

namespace LeNetPipeline.Worker.Options;

internal sealed class ExportOptionsValidator : IValidateOptions<ExportOptions>
{
    public ValidateOptionsResult Validate(string? name, ExportOptions options)
    {
        var checks = new SettingChecks(ExportOptions.Section);
        checks.Require(!string.IsNullOrWhiteSpace(options.Weights), nameof(options.Weights), options.Weights,
            "the weights file to export, e.g. runs/latest/model.npz");
        bool onnx = !string.IsNullOrWhiteSpace(options.Onnx);
        bool npz = !string.IsNullOrWhiteSpace(options.Npz);
        checks.Require(onnx || npz, nameof(options.Onnx), options.Onnx,
            "give Export:Onnx (an ONNX model to write) or Export:Npz (a float32 .npz to write), or both");
        return checks.Result();
    }
}
