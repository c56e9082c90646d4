// The Prometheus endpoint as operators meet it: a real Prometheus server scrapes the worker during a training run
// and answers a PromQL query for the samples counter; the health path on the same listener answers 503 while
// the pipeline is held still, as a Kubernetes probe would see a hung run.
using System.Net;
using LeNetPipeline.Tests.Reliability;
using LeNetPipeline.Tests.Support;
using LeNetPipeline.Worker.Hosting;
using Xunit.Abstractions;

namespace LeNetPipeline.Tests.Service;

[Collection(ReliabilityCollection.Name)]
public class PrometheusScrapeTests(ReliabilityFixture fixture, ITestOutputHelper log)
{
    public const string SamplesQuery = "lenetpipeline_lenet_train_samples{job=\"" + PrometheusServer.Job + "\"}";

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_real_prometheus_scrapes_the_samples_counter_during_a_run_and_health_is_503_while_the_pipeline_is_held()
    {
        int port = FreePort.Next();
        string output = fixture.Ground.NewDirectory("prometheus");
        var hold = new PipelineHold(epoch: 1, batch: 3);
        await using InProcessWorker worker = InProcessWorker.Start(
            [.. fixture.Ground.Settings(output), $"--Telemetry:PrometheusUrl=http://127.0.0.1:{port}/", "--Telemetry:StallSeconds=1"],
            beforeRun: hold.InstallIn);
        // Released before the worker is disposed, so a failing test never leaves the run held.
        using PipelineHold releaseFirst = hold;
        await hold.Reached.WaitAsync(Patience);

        using var prometheus = await PrometheusServer.StartAsync($"127.0.0.1:{port}", Patience);
        (string labels, double samples) = await prometheus.WaitForAsync(SamplesQuery, value => value > 0, Patience);
        log.WriteLine($"{SamplesQuery} => {labels} {samples}");
        HttpStatusCode health = await HealthWhenStalledAsync(port);

        hold.Release();
        RunOutcome outcome = await worker.WaitAsync(Patience);
        Assert.True(outcome.ExitCode == ExitCodes.Success, worker.Errors);
        Assert.True(samples > 0, $"{SamplesQuery} = {samples}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health);
    }

    /// <summary>Polls the health path until it answers something other than 200 (the held pipeline has been
    /// still for Telemetry:StallSeconds), and returns that answer.</summary>
    private static async Task<HttpStatusCode> HealthWhenStalledAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using HttpResponseMessage response = await http.GetAsync($"http://127.0.0.1:{port}/healthz");
            if (response.StatusCode != HttpStatusCode.OK || clock.Elapsed > Patience)
            {
                return response.StatusCode;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }
}
