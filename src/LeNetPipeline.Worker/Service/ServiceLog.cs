// The service layer's log lines, source-generated so structured sinks get each figure as a field.
using Microsoft.Extensions.Logging;

namespace LeNetPipeline.Worker.Service;

internal static partial class ServiceLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Information,
        Message = "Serving Prometheus metrics at {MetricsUrl} and health at {HealthUrl}")]
    public static partial void Serving(ILogger logger, string metricsUrl, string healthUrl);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information,
        Message = "Exporting metrics over OTLP ({Protocol}) to {Endpoint}")]
    public static partial void ExportingOtlp(ILogger logger, string protocol, string endpoint);

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning,
        Message = "A telemetry request failed: {Problem}")]
    public static partial void RequestFailed(ILogger logger, string problem);
}
