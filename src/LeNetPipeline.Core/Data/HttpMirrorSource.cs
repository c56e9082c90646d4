// One HTTP mirror of a data set's ".gz" files (base URL + "<file>.gz"), streamed and decompressed into the store.
// Each file's request, body included, must finish within the download timeout; the caller's token cancels it too.
using System.IO.Compression;

namespace LeNetPipeline.Data;

public sealed class HttpMirrorSource : IDatasetSource
{
    private readonly HttpClient _http;
    private readonly Uri _baseUri;
    private readonly TimeSpan _timeout;

    /// <exception cref="ArgumentException"><paramref name="baseUrl"/> is not an absolute http(s) URL.</exception>
    public HttpMirrorSource(HttpClient http, string baseUrl, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        // A base without a trailing slash would make Uri drop its last segment when "<file>.gz" is appended.
        string normalised = baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/";
        if (!Uri.TryCreate(normalised, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Mirror '{baseUrl}' is not an absolute http or https URL", nameof(baseUrl));
        }
        _http = http;
        _baseUri = uri;
        _timeout = timeout;
    }

    public string Description => $"mirror {_baseUri}";

    public async Task FetchAsync(IReadOnlyList<DatasetFile> wanted, VerifiedFileStore store, CancellationToken ct)
    {
        foreach (DatasetFile file in wanted)
        {
            await FetchOneAsync(file, store, ct);
        }
    }

    private async Task FetchOneAsync(DatasetFile file, VerifiedFileStore store, CancellationToken ct)
    {
        var uri = new Uri(_baseUri, file.GzipName);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_timeout);
        try
        {
            using HttpResponseMessage response = await _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
            }
            await using Stream body = await response.Content.ReadAsStreamAsync(deadline.Token);
            await using var decompressed = new GZipStream(body, CompressionMode.Decompress);
            await store.StoreAsync(file, decompressed, deadline.Token);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{file.GzipName} did not arrive within {_timeout.TotalSeconds:0.#} s", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new HttpRequestException($"{file.GzipName}: {ex.Message}", ex, ex.StatusCode);
        }
    }
}
