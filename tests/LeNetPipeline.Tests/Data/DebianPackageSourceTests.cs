// The Debian source against directories made by the test: a ".gz" in any listed directory is stored, and a package
// that is not installed is reported with the command that installs it.
using LeNetPipeline.Data;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Data;

public sealed class DebianPackageSourceTests : IDisposable
{
    private static readonly byte[] Labels = IdxBytes.Labels(5);
    private static readonly DatasetFile LabelsFile = IdxBytes.OfficialFile("train-labels-idx1-ubyte", Labels);

    private readonly TemporaryDirectory _prefixes = new();
    private readonly TemporaryDirectory _data = new();
    private readonly ListLogger<DebianPackageSourceTests> _logger = new();

    public void Dispose()
    {
        _prefixes.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task Gzip_file_in_any_listed_directory_is_decompressed_into_the_store()
    {
        string usr = Directory.CreateDirectory(_prefixes.File("usr")).FullName;
        string local = Directory.CreateDirectory(_prefixes.File("usr-local")).FullName;
        File.WriteAllBytes(Path.Combine(local, "train-labels-idx1-ubyte.gz"), IdxBytes.Gzip(Labels));
        var source = new DebianPackageSource("dataset-fashion-mnist", [usr, local]);

        await source.FetchAsync([LabelsFile], new VerifiedFileStore(_data.Path, source.Description, _logger), CancellationToken.None);

        Assert.Equal(Labels, File.ReadAllBytes(_data.File(LabelsFile.Name)));
    }

    [Fact]
    public async Task Package_not_installed_fails_saying_how_to_install_it()
    {
        var source = new DebianPackageSource("dataset-fashion-mnist", [_prefixes.File("absent")]);

        var error = await Assert.ThrowsAsync<FileNotFoundException>(
            () => source.FetchAsync([LabelsFile], new VerifiedFileStore(_data.Path, source.Description, _logger), CancellationToken.None));

        Assert.Contains("no train-labels-idx1-ubyte.gz in ", error.Message);
        Assert.Contains("apt-get install dataset-fashion-mnist", error.Message);
    }
}
