// A tiny HTTP server on 127.0.0.1 standing in for a dataset mirror, serving fixed bytes per path, so a test can
// hand the worker's fetch chain a tampered download. It lives in the test process, never in the worker.
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LeNetPipeline.Tests.Reliability;

internal sealed class LocalMirror : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IReadOnlyDictionary<string, byte[]> _files;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    /// <param name="files">Path (e.g. "/train-images-idx3-ubyte.gz") to the bytes served for it; others get 404.</param>
    public LocalMirror(IReadOnlyDictionary<string, byte[]> files)
    {
        _files = files;
        _listener.Start();
        _serving = ServeAsync(_stop.Token);
    }

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";

    /// <summary>The paths the worker asked for, in order.</summary>
    public ConcurrentQueue<string> Requested { get; } = new();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Stopping the listener ends the accept loop with an exception; that is its way out.
        }
        _stop.Dispose();
    }

    private async Task ServeAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client = await _listener.AcceptTcpClientAsync(stop);
            _ = AnswerAsync(client, stop);
        }
    }

    private async Task AnswerAsync(TcpClient client, CancellationToken stop)
    {
        using (client)
        {
            NetworkStream stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
            string? requestLine = await reader.ReadLineAsync(stop);
            while (!string.IsNullOrEmpty(await reader.ReadLineAsync(stop)))
            {
                // Headers are not needed: every answer is the whole file.
            }
            string path = requestLine?.Split(' ') is [_, string target, ..] ? target : "";
            Requested.Enqueue(path);
            byte[] body = _files.TryGetValue(path, out byte[]? file) ? file : [];
            string status = file is null ? "404 Not Found" : "200 OK";
            byte[] head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Length: {body.Length}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(head, stop);
            await stream.WriteAsync(body, stop);
        }
    }
}
