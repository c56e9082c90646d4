// The HTTP mirror source against an in-process handler: URL layout, gzip decoding, HTTP errors, non-gzip bodies and
// the download timeout, each reported naming the file.
using System.Net;
using LeNetPipeline.Data;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Data;

public sealed class HttpMirrorSourceTests : IDisposable
{
    private static readonly byte[] Content = IdxBytes.Labels(12);
    private static readonly DatasetFile Official = IdxBytes.OfficialFile("t10k-labels-idx1-ubyte", Content);

    private readonly TemporaryDirectory _directory = new();
    private readonly ListLogger<HttpMirrorSourceTests> _logger = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Gzip_file_at_base_url_plus_name_gz_is_decompressed_into_the_store()
    {
        var handler = new Handler(_ => Task.FromResult(Respond(HttpStatusCode.OK, IdxBytes.Gzip(Content))));

        await Fetch(handler, "https://mirror.test/datasets/mnist");

        Assert.Equal("https://mirror.test/datasets/mnist/t10k-labels-idx1-ubyte.gz", Assert.Single(handler.Requests).ToString());
        Assert.Equal(Content, File.ReadAllBytes(_directory.File(Official.Name)));
    }

    [Fact]
    public async Task Http_error_status_fails_naming_the_file_and_the_status()
    {
        var handler = new Handler(_ => Task.FromResult(Respond(HttpStatusCode.NotFound, [])));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Fetch(handler, "https://mirror.test/"));

        Assert.Equal("t10k-labels-idx1-ubyte.gz: answered 404 Not Found", error.Message);
    }

    [Fact]
    public async Task Body_that_is_not_gzip_fails_and_stores_nothing()
    {
        var handler = new Handler(_ => Task.FromResult(Respond(HttpStatusCode.OK, "<html>captive portal</html>"u8.ToArray())));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Fetch(handler, "https://mirror.test/"));

        Assert.Contains("t10k-labels-idx1-ubyte: the fetched data is not valid gzip", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory.Path));
    }

    [Fact]
    public async Task Stalled_mirror_times_out_after_the_download_timeout()
    {
        var handler = new Handler(async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return Respond(HttpStatusCode.OK, []);
        });

        var error = await Assert.ThrowsAsync<TimeoutException>(() => Fetch(handler, "https://mirror.test/", TimeSpan.FromMilliseconds(200)));

        Assert.Equal("t10k-labels-idx1-ubyte.gz did not arrive within 0.2 s", error.Message);
    }

    [Fact]
    public void Mirror_that_is_not_an_http_url_is_an_ArgumentException()
    {
        using var http = new HttpClient();
        var error = Assert.Throws<ArgumentException>(() => new HttpMirrorSource(http, "ftp://mirror.test/", TimeSpan.FromSeconds(1)));
        Assert.Contains("Mirror 'ftp://mirror.test/' is not an absolute http or https URL", error.Message);
    }

    private async Task Fetch(Handler handler, string mirror, TimeSpan? timeout = null)
    {
        using var http = new HttpClient(handler);
        var source = new HttpMirrorSource(http, mirror, timeout ?? TimeSpan.FromSeconds(10));
        await source.FetchAsync([Official], new VerifiedFileStore(_directory.Path, source.Description, _logger), CancellationToken.None);
    }

    private static HttpResponseMessage Respond(HttpStatusCode status, byte[] body) =>
        new(status) { Content = new ByteArrayContent(body) };

    // Answers in-process, so these tests send nothing over any network.
    private sealed class Handler(Func<CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
    {
        public List<Uri> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!);
            return respond(cancellationToken);
        }
    }
}
