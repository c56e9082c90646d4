// Settings of section "Progress": how often progress is logged.
using Microsoft.Extensions.Options;

namespace LeNetPipeline.Worker.Options;

public sealed class ProgressOptions
{
    public const string Section = "Progress";

    public double IntervalSeconds { get; set; } = 5;
}
