// The store of fetched files: only bytes matching the official length and SHA-256 get a real name in the data
// directory; anything else leaves nothing behind, and a file already there is never replaced.
using LeNetPipeline.Data;
using Microsoft.Extensions.Logging;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Data;

public sealed class VerifiedFileStoreTests : IDisposable
{
    private static readonly byte[] Content = IdxBytes.Labels(20);
    private static readonly DatasetFile Official = IdxBytes.OfficialFile("train-labels-idx1-ubyte", Content);

    private readonly TemporaryDirectory _directory = new();
    private readonly ListLogger<VerifiedFileStoreTests> _logger = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Official_bytes_are_stored_under_the_file_name_and_logged_with_source_and_time()
    {
        var store = new VerifiedFileStore(_directory.Path, "mirror X", _logger);

        await store.StoreAsync(Official, new MemoryStream(Content), CancellationToken.None);

        Assert.Equal(Content, File.ReadAllBytes(_directory.File(Official.Name)));
        Assert.Equal([Official], store.Stored);
        string line = Assert.Single(_logger.Entries, e => e.Level == LogLevel.Information).Message;
        Assert.Contains("train-labels-idx1-ubyte", line);
        Assert.Contains("from mirror X", line);
        Assert.Contains(" ms", line);
    }

    [Fact]
    public async Task Bytes_with_another_digest_are_refused_and_leave_no_file_behind()
    {
        byte[] corrupt = (byte[])Content.Clone();
        corrupt[^1] ^= 1;
        var store = new VerifiedFileStore(_directory.Path, "mirror X", _logger);

        var error = await Assert.ThrowsAsync<InvalidDataException>(
            () => store.StoreAsync(Official, new MemoryStream(corrupt), CancellationToken.None));

        Assert.Contains($"not the official {Official.Sha256}", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory.Path));
    }

    [Fact]
    public async Task Bytes_beyond_the_official_length_are_refused_and_leave_no_file_behind()
    {
        var store = new VerifiedFileStore(_directory.Path, "mirror X", _logger);

        var error = await Assert.ThrowsAsync<InvalidDataException>(
            () => store.StoreAsync(Official, new MemoryStream([.. Content, 0]), CancellationToken.None));

        Assert.Contains("longer than the official", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory.Path));
    }

    [Fact]
    public async Task Bytes_ending_early_are_refused_and_leave_no_file_behind()
    {
        var store = new VerifiedFileStore(_directory.Path, "mirror X", _logger);

        var error = await Assert.ThrowsAsync<InvalidDataException>(
            () => store.StoreAsync(Official, new MemoryStream(Content[..^1]), CancellationToken.None));

        Assert.Contains($"ends after {Content.Length - 1} bytes", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory.Path));
    }

    [Fact]
    public async Task A_file_that_appeared_meanwhile_is_never_overwritten()
    {
        string target = _directory.Write(Official.Name, [1, 2, 3]);
        var store = new VerifiedFileStore(_directory.Path, "mirror X", _logger);

        await store.StoreAsync(Official, new MemoryStream(Content), CancellationToken.None);

        Assert.Equal([1, 2, 3], File.ReadAllBytes(target));
        Assert.Single(Directory.EnumerateFileSystemEntries(_directory.Path));
    }
}
