// Validates section "Pipeline" at start-up, one line per invalid setting.
using Microsoft.Extensions.Options;

namespace LeNetPipeline.Worker.Options;

internal sealed class PipelineOptionsValidator : IValidateOptions<PipelineOptions>
{
    public ValidateOptionsResult Validate(string? name, PipelineOptions options)
    {
        var checks = new SettingChecks(PipelineOptions.Section);
        checks.Range(nameof(options.ComputeParallelism), options.ComputeParallelism, 0, 256);
        checks.Range(nameof(options.SliceSize), options.SliceSize, 1, 4096);
        checks.Range(nameof(options.BoundedCapacity), options.BoundedCapacity, 1, 4096);
        return checks.Result();
    }
}
