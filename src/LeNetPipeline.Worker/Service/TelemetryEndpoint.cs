// One HTTP listener for operators: GET <prefix>metrics is the Prometheus scrape (text exposition format), GET
// <prefix>healthz is the probe: 200 while batches complete, 503 once none has for Telemetry:StallSeconds.
// HttpListener ships with the runtime, so the worker needs no web framework for two read-only paths.
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace LeNetPipeline.Worker.Service;

internal sealed class TelemetryEndpoint : IAsyncDisposable
{
    public const string MetricsPath = "metrics";
    public const string HealthPath = "healthz";

    private readonly HttpListener _listener = new();
    private readonly CollectorRegistry _registry;
    private readonly RunHeartbeat _heartbeat;
    private readonly TimeSpan _stall;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public TelemetryEndpoint(string prefix, CollectorRegistry registry, RunHeartbeat heartbeat, TimeSpan stall, ILogger logger)
    {
        _registry = registry;
        _heartbeat = heartbeat;
        _stall = stall;
        _logger = logger;
        _listener.Prefixes.Add(prefix);
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException exception)
            {
                ServiceLog.RequestFailed(_logger, exception.Message);
                continue;
            }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        HttpListenerResponse response = context.Response;
        try
        {
            string path = context.Request.Url?.AbsolutePath.TrimEnd('/') ?? "";
            if (context.Request.HttpMethod is not ("GET" or "HEAD"))
            {
                response.StatusCode = (int)HttpStatusCode.MethodNotAllowed;
            }
            else if (path.EndsWith("/" + MetricsPath, StringComparison.Ordinal))
            {
                response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                using var body = new MemoryStream();
                await _registry.CollectAndExportAsTextAsync(body, _stop.Token).ConfigureAwait(false);
                response.ContentLength64 = body.Length;
                body.Position = 0;
                await body.CopyToAsync(response.OutputStream, _stop.Token).ConfigureAwait(false);
            }
            else if (path.EndsWith("/" + HealthPath, StringComparison.Ordinal))
            {
                TimeSpan since = _heartbeat.SinceLastBeat;
                bool healthy = since < _stall;
                response.StatusCode = healthy ? (int)HttpStatusCode.OK : (int)HttpStatusCode.ServiceUnavailable;
                response.ContentType = "text/plain; charset=utf-8";
                string text = string.Create(CultureInfo.InvariantCulture,
                    $"{(healthy ? "ok" : "stalled")}: last batch {since.TotalSeconds:F1} s ago (stall after {_stall.TotalSeconds:F0} s)\n");
                byte[] bytes = Encoding.UTF8.GetBytes(text);
                response.ContentLength64 = bytes.Length;
                await response.OutputStream.WriteAsync(bytes, _stop.Token).ConfigureAwait(false);
            }
            else
            {
                response.StatusCode = (int)HttpStatusCode.NotFound;
            }
        }
        catch (Exception exception) when (exception is HttpListenerException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away, or the listener is closing: nothing to answer.
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (Exception exception) when (exception is HttpListenerException or IOException or ObjectDisposedException)
            {
                // Already closed by the client.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Close();
        await _serving.ConfigureAwait(false);
        _stop.Dispose();
    }
}
