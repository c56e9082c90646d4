// Settings of section "Predict": the weights to classify with. The images are the command's file arguments, and
// Data:Dataset names the classes in the output (digits for mnist, garments for fashion-mnist).
namespace LeNetPipeline.Worker.Commands.Prediction;

public sealed class PredictOptions
{
    public const string Section = "Predict";

    /// <summary>An .npz with the parameter names of docs/architecture.md, The model (float32 or float64); empty = model.npz in Output:Directory.</summary>
    public string Weights { get; set; } = "";
}
