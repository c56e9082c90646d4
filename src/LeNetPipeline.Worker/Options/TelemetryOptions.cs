// Settings of section "Telemetry": opt-in metrics for operators' dashboards, off by default.
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
