// The fetch chain with fake sources: order, fallback for what is still missing, rejection of wrong digests, the one-line
// failure listing each source, and cancellation that is not mistaken for a failure.
using LeNetPipeline.Data;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Data;

public sealed class DatasetFetcherTests : IDisposable
{
    private static readonly byte[] LabelsA = IdxBytes.Labels(3);
    private static readonly byte[] LabelsB = IdxBytes.Labels(4);
    private static readonly DatasetFile FileA = IdxBytes.OfficialFile("a-labels", LabelsA);
    private static readonly DatasetFile FileB = IdxBytes.OfficialFile("b-labels", LabelsB);
    private static readonly Dictionary<string, byte[]> Both = new() { ["a-labels"] = LabelsA, ["b-labels"] = LabelsB };

    private readonly TemporaryDirectory _directory = new();
    private readonly ListLogger<DatasetFetcherTests> _logger = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Sources_are_tried_in_order_until_one_delivers_and_later_ones_are_not_asked()
    {
        var failing = new FakeSource("first", new HttpRequestException("no route"));
        var delivering = new FakeSource("second", Both);
        var unused = new FakeSource("third", Both);

        await Fetch([failing, delivering, unused], FileA, FileB);

        Assert.Single(failing.Requests);
        Assert.Single(delivering.Requests);
        Assert.Empty(unused.Requests);
        Assert.Equal(LabelsA, File.ReadAllBytes(_directory.File("a-labels")));
        Assert.Equal(LabelsB, File.ReadAllBytes(_directory.File("b-labels")));
    }

    [Fact]
    public async Task A_later_source_is_asked_only_for_what_earlier_sources_did_not_deliver()
    {
        var partial = new FakeSource("first", new Dictionary<string, byte[]> { ["a-labels"] = LabelsA }, new IOException("connection reset"));
        var rest = new FakeSource("second", Both);

        await Fetch([partial, rest], FileA, FileB);

        Assert.Equal(["b-labels"], Assert.Single(rest.Requests));
    }

    [Fact]
    public async Task A_source_returning_without_every_file_counts_as_failed_for_the_rest()
    {
        var silent = new FakeSource("first", new Dictionary<string, byte[]> { ["a-labels"] = LabelsA });

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Fetch([silent], FileA, FileB));

        Assert.Contains("first: did not provide b-labels", error.Message);
        Assert.True(File.Exists(_directory.File("a-labels")));
    }

    [Fact]
    public async Task Digest_mismatch_is_rejected_and_leaves_no_file_in_the_data_directory()
    {
        byte[] tampered = (byte[])LabelsA.Clone();
        tampered[8] = 9;
        var lying = new FakeSource("lying mirror", new Dictionary<string, byte[]> { ["a-labels"] = tampered });

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Fetch([lying], FileA));

        Assert.Contains($"lying mirror: a-labels has SHA-256 {IdxBytes.Sha256(tampered)}, not the official {FileA.Sha256}", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory.Path));
    }

    [Fact]
    public async Task When_every_source_fails_one_line_lists_each_source_and_why()
    {
        FakeSource[] sources =
        [
            new("mirror https://a/", new HttpRequestException("Name or service not known")),
            new("npm package p@1", new InvalidOperationException("npm pack p@1 exited with code 1:\nE404")),
        ];

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Fetch(sources, FileA, FileB));

        Assert.Equal(
            $"{_directory.Path}: cannot get a-labels, b-labels; tried data directory: lacks a-labels, b-labels; "
            + "mirror https://a/: Name or service not known; npm package p@1: npm pack p@1 exited with code 1: E404",
            error.Message);
    }

    [Fact]
    public async Task Cancellation_during_a_source_stops_the_chain_instead_of_counting_as_its_failure()
    {
        using var cancellation = new CancellationTokenSource();
        var cancelled = new FakeSource(
            "first", new Dictionary<string, byte[]>(), new OperationCanceledException(cancellation.Token), onFetch: cancellation.Cancel);
        var next = new FakeSource("second", Both);
        var fetcher = new DatasetFetcher([cancelled, next], _logger);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => fetcher.FetchAsync(_directory.Path, [FileA], cancellation.Token));

        Assert.Empty(next.Requests);
    }

    private Task Fetch(IReadOnlyList<IDatasetSource> sources, params DatasetFile[] missing) =>
        new DatasetFetcher(sources, _logger).FetchAsync(_directory.Path, missing, CancellationToken.None);
}
