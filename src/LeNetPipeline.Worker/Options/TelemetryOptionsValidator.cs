// Checks the Telemetry settings at start: addresses that can be listened on or exported to, a known protocol.
using Microsoft.Extensions.Options;

namespace LeNetPipeline.Worker.Options;

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
