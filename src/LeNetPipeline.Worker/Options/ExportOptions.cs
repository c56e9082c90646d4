// Settings of section "Export", read by the export command only: the weights to read and the files to write.
using Microsoft.Extensions.Options;

namespace LeNetPipeline.Worker.Options;

public sealed class ExportOptions
{
    public const string Section = "Export";

    /// <summary>The weights to export: an .npz with the parameter names of docs/architecture.md, The model, float32 or float64 (the notebook's).</summary>
    public string Weights { get; set; } = "";

    /// <summary>The ONNX model to write; empty = none.</summary>
    public string Onnx { get; set; } = "";

    /// <summary>The float32 .npz to write; empty = none.</summary>
    public string Npz { get; set; } = "";
}
