// The health path on its own: 200 while beats (completed batches) come, 503 once none has come for the stall
// time, and 200 again at the next beat; unknown paths are 404.
using System.Net;
using LeNetPipeline.Tests.Support;
using LeNetPipeline.Worker.Service;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;

namespace LeNetPipeline.Tests.Service;

public class HealthPathTests
{
    [Fact]
    public async Task Health_is_200_after_a_beat_and_503_once_none_came_for_the_stall_time()
    {
        var heartbeat = new RunHeartbeat(new SystemdNotifier(ServiceManagerEnvironment.None), ServiceManagerEnvironment.None);
        int patient = FreePort.Next();
        await using var lenient = new TelemetryEndpoint($"http://127.0.0.1:{patient}/", Metrics.NewCustomRegistry(), heartbeat, TimeSpan.FromMinutes(10), NullLogger.Instance);
        int strict = FreePort.Next();
        await using var impatient = new TelemetryEndpoint($"http://127.0.0.1:{strict}/", Metrics.NewCustomRegistry(), heartbeat, TimeSpan.FromMilliseconds(200), NullLogger.Instance);
        using var http = new HttpClient();

        heartbeat.Beat();
        HttpStatusCode afterBeat = (await http.GetAsync($"http://127.0.0.1:{patient}/healthz")).StatusCode;
        HttpStatusCode stalled = await FirstOtherThanAsync(http, $"http://127.0.0.1:{strict}/healthz", HttpStatusCode.OK);
        HttpStatusCode unknown = (await http.GetAsync($"http://127.0.0.1:{patient}/nothing")).StatusCode;

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable, HttpStatusCode.NotFound), (afterBeat, stalled, unknown));
    }

    private static async Task<HttpStatusCode> FirstOtherThanAsync(HttpClient http, string url, HttpStatusCode status)
    {
        for (int attempt = 0; attempt < 300; attempt++)
        {
            HttpStatusCode answer = (await http.GetAsync(url)).StatusCode;
            if (answer != status)
            {
                return answer;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
        return status;
    }
}
