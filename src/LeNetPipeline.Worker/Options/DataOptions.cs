// Settings of section "Data": which data set, where its files live, how much of it to use.
using Microsoft.Extensions.Options;

namespace LeNetPipeline.Worker.Options;

public sealed class DataOptions
{
    public const string Section = "Data";

    /// <summary>mnist | fashion-mnist.</summary>
    public string Dataset { get; set; } = "mnist";

    /// <summary>Where the IDX files are looked for and stored; empty means data/&lt;Dataset&gt;.</summary>
    public string Directory { get; set; } = "";

    /// <summary>Training samples used, 0 = all.</summary>
    public int TrainLimit { get; set; }

    /// <summary>Test samples used, 0 = all.</summary>
    public int TestLimit { get; set; }

    /// <summary>HTTP mirrors of the .gz files, tried in order; empty means the built-in list.</summary>
    public string[] Mirrors { get; set; } = [];

    public int DownloadTimeoutSeconds { get; set; } = 60;
}

internal sealed class DataOptionsValidator : IValidateOptions<DataOptions>
{
    public ValidateOptionsResult Validate(string? name, DataOptions options)
    {
        var checks = new SettingChecks(DataOptions.Section);
        checks.OneOf(nameof(options.Dataset), options.Dataset, "mnist", "fashion-mnist");
        checks.Range(nameof(options.TrainLimit), options.TrainLimit, 0, 60_000);
        checks.Range(nameof(options.TestLimit), options.TestLimit, 0, 10_000);
        checks.Range(nameof(options.DownloadTimeoutSeconds), options.DownloadTimeoutSeconds, 1, 3600);
        foreach (string mirror in options.Mirrors)
        {
            bool ok = Uri.TryCreate(mirror, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
            checks.Require(ok, nameof(options.Mirrors), mirror, "each mirror is an absolute http(s) URL");
        }
        return checks.Result();
    }
}
