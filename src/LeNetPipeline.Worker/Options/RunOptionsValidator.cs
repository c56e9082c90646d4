// Validates the sections "Output", "Checkpoint" and "Progress" at start-up, one line per invalid setting.
using Microsoft.Extensions.Options;

namespace LeNetPipeline.Worker.Options;

internal sealed class RunOptionsValidator :
    IValidateOptions<OutputOptions>, IValidateOptions<CheckpointOptions>, IValidateOptions<ProgressOptions>
{
    public ValidateOptionsResult Validate(string? name, OutputOptions options)
    {
        var checks = new SettingChecks(OutputOptions.Section);
        checks.Require(!string.IsNullOrWhiteSpace(options.Directory), nameof(options.Directory), options.Directory, "a directory path");
        return checks.Result();
    }

    public ValidateOptionsResult Validate(string? name, CheckpointOptions options)
    {
        var checks = new SettingChecks(CheckpointOptions.Section);
        checks.Range(nameof(options.EveryBatches), options.EveryBatches, 0, int.MaxValue);
        return checks.Result();
    }

    public ValidateOptionsResult Validate(string? name, ProgressOptions options)
    {
        var checks = new SettingChecks(ProgressOptions.Section);
        checks.Range(nameof(options.IntervalSeconds), options.IntervalSeconds, 0, 86_400, minExclusive: true);
        return checks.Result();
    }
}
