// Settings of section "Telemetry": opt-in metrics for operators' dashboards, off by default.
using Microsoft.Extensions.Options;

namespace LeNetPipeline.Worker.Options;

public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Where to serve the Prometheus scrape endpoint and the health path, e.g. http://127.0.0.1:9464/ (empty = none).</summary>
    public string PrometheusUrl { get; set; } = "";

    /// <summary>An OpenTelemetry collector to push metrics to over OTLP, e.g. http://127.0.0.1:4317 (empty = none).</summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary>grpc | http/protobuf: how OTLP reaches the collector.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>Seconds without a completed batch after which the health path answers 503.</summary>
    public double StallSeconds { get; set; } = 300;
}

internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var checks = new SettingChecks(TelemetryOptions.Section);
        if (options.PrometheusUrl.Length > 0)
        {
            // HttpListener serves prefixes: http only, ending in '/'; the host may be a name, an address, + or *.
            bool ok = Uri.TryCreate(options.PrometheusUrl.Replace("://+", "://plus", StringComparison.Ordinal).Replace("://*", "://star", StringComparison.Ordinal),
                UriKind.Absolute, out Uri? uri) && uri.Scheme == Uri.UriSchemeHttp && options.PrometheusUrl.EndsWith('/');
            checks.Require(ok, nameof(options.PrometheusUrl), options.PrometheusUrl, "an http:// URL ending in '/', e.g. http://127.0.0.1:9464/, or empty for none");
        }
        if (options.OtlpEndpoint.Length > 0)
        {
            bool ok = Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
            checks.Require(ok, nameof(options.OtlpEndpoint), options.OtlpEndpoint, "an absolute http(s) URL, e.g. http://127.0.0.1:4317, or empty for none");
        }
        checks.OneOf(nameof(options.OtlpProtocol), options.OtlpProtocol, "grpc", "http/protobuf");
        checks.Range(nameof(options.StallSeconds), options.StallSeconds, 0, 86_400, minExclusive: true);
        return checks.Result();
    }
}
