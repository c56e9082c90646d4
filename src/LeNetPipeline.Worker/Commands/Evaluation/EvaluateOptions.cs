// Settings of section "Evaluate": which weights to score and on which split. The data set, its directory and the
// sample limits come from the "Data" section, exactly as for training.
using Microsoft.Extensions.Options;

namespace LeNetPipeline.Worker.Commands.Evaluation;

public sealed class EvaluateOptions
{
    public const string Section = "Evaluate";

    public const string TestSplit = "test";
    public const string TrainSplit = "train";

    /// <summary>An .npz with the parameter names of docs/architecture.md, The model (float32 or float64); empty = model.npz in Output:Directory.</summary>
    public string Weights { get; set; } = "";

    /// <summary>test | train; Data:TestLimit or Data:TrainLimit limits it.</summary>
    public string Split { get; set; } = TestSplit;
}
