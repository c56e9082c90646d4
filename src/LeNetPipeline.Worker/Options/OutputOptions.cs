// Settings of section "Output": where a run's files go.
using Microsoft.Extensions.Options;

namespace LeNetPipeline.Worker.Options;

public sealed class OutputOptions
{
    public const string Section = "Output";

    public string Directory { get; set; } = "runs/latest";
}
