// The OTLP exporter as a collector meets it: a stand-in collector (an HTTP listener taking OTLP/HTTP posts)
// receives the LeNetPipeline meter's metrics from a training run, at the latest in the final export at stop.
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using LeNetPipeline.Tests.Reliability;
using LeNetPipeline.Tests.Support;
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Worker.Training;

namespace LeNetPipeline.Tests.Service;

[Collection(ReliabilityCollection.Name)]
public class OtlpExportTests(ReliabilityFixture fixture)
{
    [Fact]
    public async Task A_collector_receives_the_training_meters_over_otlp_http()
    {
        int port = FreePort.Next();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var posts = new ConcurrentQueue<(string Path, byte[] Body)>();
        Task collecting = CollectAsync(listener, posts);

        string output = fixture.Ground.NewDirectory("otlp");
        await using InProcessWorker worker = InProcessWorker.Start(
            [.. fixture.Ground.Settings(output), $"--Telemetry:OtlpEndpoint=http://127.0.0.1:{port}", "--Telemetry:OtlpProtocol=http/protobuf"]);
        RunOutcome outcome = await worker.WaitAsync(TimeSpan.FromMinutes(2));
        listener.Stop();
        await collecting;

        Assert.True(outcome.ExitCode == ExitCodes.Success, worker.Errors);
        Assert.Contains(posts, post => post.Path == "/v1/metrics"
            && Encoding.UTF8.GetString(post.Body).Contains(TrainingMeters.SamplesName, StringComparison.Ordinal));
    }

    private static async Task CollectAsync(HttpListener listener, ConcurrentQueue<(string Path, byte[] Body)> posts)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            posts.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }
}
