// Starts the opt-in telemetry with the host and ends it with the host: the Prometheus scrape endpoint (with the
// health path) and the OTLP exporter, each only when its setting is given. Both export the same meters.
// The OTLP exporter's final export happens when its provider is disposed at stop, so a short run is seen too.
using System.Net;
using LeNetPipeline.Worker.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using Prometheus;

namespace LeNetPipeline.Worker.Service;

internal sealed class TelemetryService(
    IOptions<TelemetryOptions> options,
    TelemetrySources sources,
    RunHeartbeat heartbeat,
    ILogger<TelemetryService> logger) : IHostedService, IAsyncDisposable
{
    /// <summary>Where an OTLP/HTTP collector takes metrics (the OTLP specification's default path).</summary>
    public const string MetricsSignalPath = "v1/metrics";

    private IDisposable? _meterAdapter;
    private TelemetryEndpoint? _endpoint;
    private MeterProvider? _otlp;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        TelemetryOptions settings = options.Value;
        if (settings.PrometheusUrl.Length > 0)
        {
            StartPrometheus(settings);
        }
        if (settings.OtlpEndpoint.Length > 0)
        {
            StartOtlp(settings);
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (_endpoint is not null)
        {
            await _endpoint.DisposeAsync().ConfigureAwait(false);
            _endpoint = null;
        }
        _meterAdapter?.Dispose();
        _meterAdapter = null;
        _otlp?.Dispose();
        _otlp = null;
    }

    private void StartPrometheus(TelemetryOptions settings)
    {
        // A registry of the run's own, not prometheus-net's process-wide default one with its extra collectors; the
        // factory must name it too, or the adapter writes to the default registry.
        CollectorRegistry registry = Metrics.NewCustomRegistry();
        _meterAdapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = registry,
            MetricFactory = Metrics.WithCustomRegistry(registry),
            InstrumentFilterPredicate = instrument => sources.MeterNames.Contains(instrument.Meter.Name, StringComparer.Ordinal),
        });
        try
        {
            _endpoint = new TelemetryEndpoint(settings.PrometheusUrl, registry, heartbeat, TimeSpan.FromSeconds(settings.StallSeconds), logger);
        }
        catch (HttpListenerException exception)
        {
            throw new OptionsValidationException(TelemetryOptions.Section, typeof(TelemetryOptions),
                [$"invalid setting {TelemetryOptions.Section}:{nameof(settings.PrometheusUrl)}={settings.PrometheusUrl}: cannot listen there ({exception.Message})"]);
        }
        ServiceLog.Serving(logger, settings.PrometheusUrl + TelemetryEndpoint.MetricsPath, settings.PrometheusUrl + TelemetryEndpoint.HealthPath);
    }

    private void StartOtlp(TelemetryOptions settings)
    {
        _otlp = Sdk.CreateMeterProviderBuilder()
            .AddMeter([.. sources.MeterNames])
            .AddOtlpExporter(exporter =>
            {
                var endpoint = new Uri(settings.OtlpEndpoint);
                bool grpc = settings.OtlpProtocol == "grpc";
                // Over HTTP the exporter posts to the URL as given; a collector's bare address means its metrics path.
                exporter.Endpoint = !grpc && endpoint.AbsolutePath == "/" ? new Uri(endpoint, MetricsSignalPath) : endpoint;
                exporter.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
            })
            .Build();
        ServiceLog.ExportingOtlp(logger, settings.OtlpProtocol, settings.OtlpEndpoint);
    }
}
