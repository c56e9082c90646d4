// A real Prometheus server (Debian's `prometheus` package) for one test: its own configuration scraping one
// target every second, its own storage in a temporary directory, listening on a free loopback port; queried
// through its HTTP API as a dashboard would. Stopped and its directory removed on dispose.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace LeNetPipeline.Tests.Support;

internal sealed class PrometheusServer : IDisposable
{
    public const string Job = "lenet";

    private readonly Process _process;
    private readonly string _directory;
    private readonly HttpClient _http;

    private PrometheusServer(Process process, string directory, Uri address)
    {
        _process = process;
        _directory = directory;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Starts Prometheus scraping http://<paramref name="target"/>/metrics and waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(string target, TimeSpan timeout)
    {
        string directory = Directory.CreateTempSubdirectory("lenet-prometheus-").FullName;
        string config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: {Job}
                metrics_path: /metrics
                static_configs:
                  - targets: ['{target}']
            """);
        int port = FreePort.Next();
        var start = new ProcessStartInfo("prometheus")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
        {
            $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port}",
        })
        {
            start.ArgumentList.Add(argument);
        }
        Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start prometheus");
        // Drained, so a chatty server never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}/"));
        await server.WaitUntilAsync(async () =>
        {
            using HttpResponseMessage ready = await server._http.GetAsync("-/ready");
            return ready.IsSuccessStatusCode;
        }, timeout, "Prometheus to be ready");
        return server;
    }

    /// <summary>An instant query through the HTTP API: each series' labels and value.</summary>
    public async Task<IReadOnlyList<(string Labels, double Value)>> QueryAsync(string promql)
    {
        using JsonDocument answer = JsonDocument.Parse(await _http.GetStringAsync("api/v1/query?query=" + Uri.EscapeDataString(promql)));
        JsonElement data = answer.RootElement.GetProperty("data");
        return data.GetProperty("result").EnumerateArray()
            .Select(series => (series.GetProperty("metric").ToString(),
                double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))
            .ToArray();
    }

    /// <summary>Polls <paramref name="promql"/> until a series satisfies <paramref name="accept"/>; returns it.</summary>
    public async Task<(string Labels, double Value)> WaitForAsync(string promql, Func<double, bool> accept, TimeSpan timeout)
    {
        (string Labels, double Value) found = default;
        await WaitUntilAsync(async () =>
        {
            foreach ((string Labels, double Value) series in await QueryAsync(promql))
            {
                if (accept(series.Value))
                {
                    found = series;
                    return true;
                }
            }
            return false;
        }, timeout, $"a series of '{promql}' to be accepted");
        return found;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
        _http.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode} while waiting for {what}");
            }
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"waited {timeout.TotalSeconds:F0} s for {what}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }
}
