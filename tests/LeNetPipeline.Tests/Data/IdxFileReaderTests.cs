// The strict IDX reader: a valid file and its gzip twin read alike, and every defect is one InvalidInputException line
// that starts with the file's path and names the problem, without allocating what a lying header declares.
using LeNetPipeline.Data;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Data;

public sealed class IdxFileReaderTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Raw_images_and_labels_pair_into_labelled_images_with_their_digests()
    {
        byte[] imagesFile = IdxBytes.Images(3);
        byte[] labelsFile = IdxBytes.Labels([7, 0, 9]);
        IdxContent images = IdxFileReader.ReadImages(_directory.Write("images", imagesFile));
        IdxContent labels = IdxFileReader.ReadLabels(_directory.Write("labels", labelsFile));

        LabelledImages split = IdxFileReader.Pair("train", images, labels);

        Assert.Equal(3, split.Count);
        Assert.Equal(imagesFile[16..], split.Pixels);
        Assert.Equal([7, 0, 9], split.Labels);
        Assert.Equal(IdxBytes.Sha256(imagesFile), images.Sha256);
        Assert.Equal(IdxBytes.Sha256(labelsFile), labels.Sha256);
    }

    [Theory]
    [InlineData("images.gz")]
    [InlineData("images-without-gz-suffix")]
    public void Gzip_file_reads_exactly_as_its_raw_content_and_digests_the_decompressed_bytes(string name)
    {
        byte[] raw = IdxBytes.Images(5);
        IdxContent fromRaw = IdxFileReader.ReadImages(_directory.Write("images", raw));

        IdxContent fromGzip = IdxFileReader.ReadImages(_directory.Write(name, IdxBytes.Gzip(raw)));

        Assert.Equal(fromRaw.Count, fromGzip.Count);
        Assert.Equal(fromRaw.Body, fromGzip.Body);
        Assert.Equal(IdxBytes.Sha256(raw), fromGzip.Sha256);
    }

    [Fact]
    public void Empty_file_is_rejected()
    {
        string path = _directory.Write("images", []);
        AssertRejected(() => IdxFileReader.ReadImages(path), path, "is empty");
    }

    [Fact]
    public void Wrong_magic_is_rejected_with_the_magic_found_and_expected()
    {
        string path = _directory.Write("images", IdxBytes.Images(1, magic: 0x12345678));
        AssertRejected(() => IdxFileReader.ReadImages(path), path, "magic number 0x12345678 where an IDX images file has 0x00000803");
    }

    [Fact]
    public void Labels_file_given_as_images_is_rejected_saying_it_holds_labels()
    {
        string path = _directory.Write("labels", IdxBytes.Labels(16));
        AssertRejected(() => IdxFileReader.ReadImages(path), path, "(that of an IDX labels file)");
    }

    [Fact]
    public void Truncated_header_is_rejected()
    {
        string path = _directory.Write("images", IdxBytes.Images(1)[..10]);
        AssertRejected(() => IdxFileReader.ReadImages(path), path, "truncated header: 10 bytes where an IDX images header has 16");
    }

    [Fact]
    public void Truncated_body_is_rejected()
    {
        string path = _directory.Write("images", IdxBytes.Images(2, declaredCount: 3));
        AssertRejected(() => IdxFileReader.ReadImages(path), path, "is truncated: its header declares 3 images (2352 bytes after the header) but only 1568 bytes follow");
    }

    [Fact]
    public void Trailing_bytes_after_the_declared_items_are_rejected()
    {
        string path = _directory.Write("labels", [.. IdxBytes.Labels(4), 1, 2]);
        AssertRejected(() => IdxFileReader.ReadLabels(path), path, "has 2 trailing bytes after the 4 labels");
    }

    [Fact]
    public void Image_and_label_count_mismatch_is_rejected_naming_both_files()
    {
        IdxContent images = IdxFileReader.ReadImages(_directory.Write("images", IdxBytes.Images(3)));
        IdxContent labels = IdxFileReader.ReadLabels(_directory.Write("labels", IdxBytes.Labels(2)));

        var error = Assert.Throws<InvalidInputException>(() => IdxFileReader.Pair("train", images, labels));

        Assert.Equal($"{images.Path}: holds 3 images but its labels file {labels.Path} holds 2 labels", error.Message);
    }

    [Fact]
    public void Zero_images_are_rejected()
    {
        string path = _directory.Write("images", IdxBytes.Images(0));
        AssertRejected(() => IdxFileReader.ReadImages(path), path, "declares zero images");
    }

    [Fact]
    public void Images_other_than_28x28_are_rejected_with_their_dimensions()
    {
        string path = _directory.Write("images", IdxBytes.Images(1, rows: 32, columns: 30));
        AssertRejected(() => IdxFileReader.ReadImages(path), path, "holds images of 32x30, but LeNet-5 here takes 28x28");
    }

    [Fact]
    public void Label_outside_0_to_9_is_rejected_with_its_index_and_value()
    {
        string path = _directory.Write("labels", IdxBytes.Labels([1, 2, 3, 4, 5, 12, 6]));
        AssertRejected(() => IdxFileReader.ReadLabels(path), path, "has label 12 at index 5, outside 0..9");
    }

    [Fact]
    public void Declared_count_beyond_one_array_is_rejected_before_allocating()
    {
        string path = _directory.Write("images", IdxBytes.Images(1, declaredCount: uint.MaxValue));
        AssertRejectedWithoutAllocating(() => IdxFileReader.ReadImages(path), path, "declares 4294967295 images (3367254359280 bytes), more than one array can hold");
    }

    [Fact]
    public void Declared_count_larger_than_the_raw_file_is_rejected_before_allocating()
    {
        string path = _directory.Write("images", IdxBytes.Images(1, declaredCount: 2_000_000));
        AssertRejectedWithoutAllocating(() => IdxFileReader.ReadImages(path), path, "its header declares 2000000 images");
    }

    [Fact]
    public void Declared_count_larger_than_the_gzip_file_can_decompress_to_is_rejected_before_allocating()
    {
        string path = _directory.Write("images.gz", IdxBytes.Gzip(IdxBytes.Images(1, declaredCount: 2_000_000)));
        AssertRejectedWithoutAllocating(() => IdxFileReader.ReadImages(path), path, "gzip bytes can decompress to");
    }

    [Fact]
    public void Gzip_holding_fewer_items_than_declared_is_rejected_as_cut_short()
    {
        string path = _directory.Write("images.gz", IdxBytes.Gzip(IdxBytes.Images(2, declaredCount: 50)));
        AssertRejected(() => IdxFileReader.ReadImages(path), path, "is cut short or truncated: it decompresses to 1584 bytes but its header declares 50 images (39216 bytes)");
    }

    [Fact]
    public void Gzip_bomb_is_decompressed_no_further_than_its_declared_size()
    {
        // 16 MB of zeros after a header declaring one label: the reader must stop after 9 bytes, not inflate it all.
        byte[] bomb = new byte[16 << 20];
        IdxBytes.Labels(1).CopyTo(bomb, 0);
        string path = _directory.Write("labels.gz", IdxBytes.Gzip(bomb));
        AssertRejectedWithoutAllocating(() => IdxFileReader.ReadLabels(path), path, "has trailing bytes after the 1 labels its header declares");
    }

    [Fact]
    public void File_named_gz_that_is_not_gzip_is_rejected()
    {
        string path = _directory.Write("labels.gz", IdxBytes.Labels(3));
        AssertRejected(() => IdxFileReader.ReadLabels(path), path, "is named .gz but is not gzip data");
    }

    [Fact]
    public void Gzip_cut_short_inside_its_compressed_data_is_rejected()
    {
        byte[] gzip = IdxBytes.Gzip(IdxBytes.Images(50));
        string path = _directory.Write("images.gz", gzip[..(gzip.Length / 2)]);
        AssertRejected(() => IdxFileReader.ReadImages(path), path, "is cut short");
    }

    [Fact]
    public void Gzip_cut_short_inside_its_size_trailer_is_rejected()
    {
        byte[] gzip = IdxBytes.Gzip(IdxBytes.Labels(10));
        string path = _directory.Write("labels.gz", gzip[..^3]);
        AssertRejected(() => IdxFileReader.ReadLabels(path), path, "is cut short or has bytes after its gzip data");
    }

    [Fact]
    public void Gzip_with_garbage_after_its_data_is_rejected()
    {
        string path = _directory.Write("labels.gz", [.. IdxBytes.Gzip(IdxBytes.Labels(10)), .. "garbage"u8]);
        AssertRejected(() => IdxFileReader.ReadLabels(path), path, "is cut short or has bytes after its gzip data");
    }

    [Fact]
    public void Gzip_that_decompresses_to_nothing_is_rejected()
    {
        // What gzip(1) writes for empty input (GZipStream writes nothing at all): header, empty final block, trailer.
        byte[] emptyMember = [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];
        string path = _directory.Write("labels.gz", emptyMember);
        AssertRejected(() => IdxFileReader.ReadLabels(path), path, "its gzip data decompresses to no bytes");
    }

    [Fact]
    public void Corrupt_gzip_data_is_rejected()
    {
        string path = _directory.Write("labels.gz", [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
        AssertRejected(() => IdxFileReader.ReadLabels(path), path, "is not valid gzip data");
    }

    [Fact]
    public void Directory_is_rejected()
    {
        string path = _directory.File("a-directory");
        Directory.CreateDirectory(path);
        AssertRejected(() => IdxFileReader.ReadLabels(path), path, "is a directory, not an IDX file");
    }

    [Fact]
    public void Missing_file_is_rejected()
    {
        string path = _directory.File("absent");
        AssertRejected(() => IdxFileReader.ReadLabels(path), path, "does not exist");
    }

    [Fact]
    public void Unreadable_file_is_rejected_as_permission_denied()
    {
        string path = UnreadableFile();
        AssertRejected(() => IdxFileReader.ReadLabels(path), path, "cannot be read: permission denied");
    }

    [Fact]
    public void Cancelled_read_stops_with_OperationCanceledException()
    {
        string path = _directory.Write("images", IdxBytes.Images(2));
        Assert.ThrowsAny<OperationCanceledException>(() => IdxFileReader.ReadImages(path, new CancellationToken(canceled: true)));
    }

    private string UnreadableFile()
    {
        if (!Environment.IsPrivilegedProcess && !OperatingSystem.IsWindows())
        {
            string path = _directory.Write("locked", IdxBytes.Labels(1));
            File.SetUnixFileMode(path, UnixFileMode.None);
            return path;
        }
        // Root reads any regular file whatever its mode, but the kernel refuses to let anyone read a write-only sysctl.
        return "/proc/sys/vm/drop_caches";
    }

    private static void AssertRejected(Action read, string path, string problem)
    {
        var error = Assert.Throws<InvalidInputException>(read);
        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains(problem, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    private static void AssertRejectedWithoutAllocating(Action read, string path, string problem)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        AssertRejected(read, path, problem);
        // A few buffers and the exception, never the declared body of megabytes or more.
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 4 << 20);
    }
}
