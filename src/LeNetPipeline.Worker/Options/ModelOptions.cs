// Settings of section "Model": where the weights start from.
using Microsoft.Extensions.Options;

namespace LeNetPipeline.Worker.Options;

public sealed class ModelOptions
{
    public const string Section = "Model";

    /// <summary>An .npz with the notebook's parameter names (docs/architecture.md, The model) to start from; empty = the seeded initialisation.</summary>
    public string InitFrom { get; set; } = "";
}
