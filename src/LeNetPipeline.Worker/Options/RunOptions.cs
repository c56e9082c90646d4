// Settings of sections "Model", "Output", "Checkpoint" and "Progress": where things come from and go to.
using Microsoft.Extensions.Options;

namespace LeNetPipeline.Worker.Options;

public sealed class ModelOptions
{
    public const string Section = "Model";

    /// <summary>An .npz with the DESIGN.md parameter names to start from; empty = the seeded initialisation.</summary>
    public string InitFrom { get; set; } = "";
}

public sealed class OutputOptions
{
    public const string Section = "Output";

    public string Directory { get; set; } = "runs/latest";
}

public sealed class CheckpointOptions
{
    public const string Section = "Checkpoint";

    /// <summary>Write the resume checkpoint every this many batches (0 = only at epoch ends and on stop).</summary>
    public int EveryBatches { get; set; }

    /// <summary>A checkpoint to continue from; empty = start afresh.</summary>
    public string ResumeFrom { get; set; } = "";
}

public sealed class ProgressOptions
{
    public const string Section = "Progress";

    public double IntervalSeconds { get; set; } = 5;
}

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
