// Strict reader of the IDX files MNIST and Fashion-MNIST ship in, raw or gzip (recognised by its magic bytes 1f 8b).
// Invariant: any bad file ends in one InvalidInputException naming the file and the problem, and nothing is
// allocated before the header's declared size has been checked against what the file can hold.
using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using LeNetPipeline.Model;

namespace LeNetPipeline.Data;

/// <remarks>
/// Trailing bytes after the declared items are rejected, not ignored: the official files have none, so extra bytes
/// mean a concatenated, mislabelled or corrupt file, and training silently on its prefix would hide that.
/// A gzip file must be one gzip member whose size trailer matches what it decompressed to; .NET's GZipStream
/// reports neither a cut-short file nor garbage after the member, so this reader checks the trailer itself.
/// </remarks>
public static class IdxFileReader
{
    public const uint ImagesMagic = 0x00000803;
    public const uint LabelsMagic = 0x00000801;

    private const int ImagesHeaderLength = 16;
    private const int LabelsHeaderLength = 8;

    // Deflate cannot expand input by more than about 1032:1; a header claiming more than that from the
    // compressed size is lying, and is rejected before a byte of body is decompressed.
    private const long MaxDeflateExpansion = 1032;

    private const int ChunkLength = 1 << 20;

    // Far beyond any "small image" data set, and small enough that rows x columns never overflows.
    private const uint MaxSide = 4096;

    /// <summary>Reads an images file (magic 0x00000803, N x 28 x 28).</summary>
    public static IdxContent ReadImages(string path, CancellationToken ct = default) => Read(path, images: true, ct, anySize: false);

    /// <summary>Reads an images file of any image size (N x rows x columns, each at least 1 and at most 4096).</summary>
    public static IdxContent ReadImagesOfAnySize(string path, CancellationToken ct = default) => Read(path, images: true, ct, anySize: true);

    /// <summary>Reads a labels file (magic 0x00000801, N labels; <see cref="Pair"/> checks them against the classes).</summary>
    public static IdxContent ReadLabels(string path, CancellationToken ct = default) => Read(path, images: false, ct, anySize: false);

    /// <summary>Pairs an images file and a labels file of the same length into one split of <paramref name="classes"/>
    /// (null: MNIST's ten digits).</summary>
    public static LabelledImages Pair(string name, IdxContent images, IdxContent labels, ClassSet? classes = null)
    {
        if (images.Count != labels.Count)
        {
            throw new InvalidInputException(
                $"{images.Path}: holds {images.Count} images but its labels file {labels.Path} holds {labels.Count} labels");
        }
        CheckLabels(labels.Path, labels.Body, (classes ?? ClassSet.Digits).Count);
        return new LabelledImages(name, images.Body, labels.Body, classes);
    }

    /// <summary>Reads both files of a split and pairs them.</summary>
    public static LabelledImages ReadLabelledImages(string name, string imagesPath, string labelsPath, CancellationToken ct = default) =>
        Pair(name, ReadImages(imagesPath, ct), ReadLabels(labelsPath, ct));

    private static IdxContent Read(string path, bool images, CancellationToken ct, bool anySize)
    {
        using FileStream file = Open(path);
        try
        {
            return ReadOpened(path, file, images, ct, anySize);
        }
        catch (InvalidDataException ex)
        {
            throw Fail(path, $"is not valid gzip data ({ex.Message})", ex);
        }
        catch (IOException ex)
        {
            throw Fail(path, $"cannot be read ({ex.Message})", ex);
        }
    }

    private static FileStream Open(string path)
    {
        if (Directory.Exists(path))
        {
            throw Fail(path, "is a directory, not an IDX file");
        }
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException ex)
        {
            throw Fail(path, "does not exist", ex);
        }
        catch (DirectoryNotFoundException ex)
        {
            throw Fail(path, "does not exist (its directory is missing)", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw Fail(path, "cannot be read: permission denied", ex);
        }
        catch (IOException ex)
        {
            throw Fail(path, $"cannot be opened ({ex.Message})", ex);
        }
    }

    private static IdxContent ReadOpened(string path, FileStream file, bool images, CancellationToken ct, bool anySize)
    {
        long fileLength = file.Length;
        if (fileLength == 0)
        {
            throw Fail(path, "is empty");
        }

        bool gzip = StartsWithGzipMagic(file);
        if (!gzip && path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            throw Fail(path, "is named .gz but is not gzip data (it does not start with the bytes 1f 8b)");
        }

        using Stream content = gzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        int headerLength = images ? ImagesHeaderLength : LabelsHeaderLength;
        Span<byte> header = stackalloc byte[ImagesHeaderLength];
        header = header[..headerLength];
        int headerRead = content.ReadAtLeast(header, headerLength, throwOnEndOfStream: false);
        string kind = images ? "images" : "labels";
        if (headerRead == 0)
        {
            // Only gzip gets here (an empty raw file was rejected above): a member with no data, or one cut short.
            throw Fail(path, "is cut short or empty: its gzip data decompresses to no bytes");
        }
        if (headerRead >= 4)
        {
            CheckMagic(path, BinaryPrimitives.ReadUInt32BigEndian(header), images);
        }
        if (headerRead < headerLength)
        {
            throw Fail(path, $"has a truncated header: {headerRead} bytes where an IDX {kind} header has {headerLength}");
        }
        hash.AppendData(header);

        uint declaredCount = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
        uint rows = 1, columns = 1;
        if (images)
        {
            rows = BinaryPrimitives.ReadUInt32BigEndian(header[8..]);
            columns = BinaryPrimitives.ReadUInt32BigEndian(header[12..]);
            if (anySize && (rows is < 1 or > MaxSide || columns is < 1 or > MaxSide))
            {
                throw Fail(path, $"holds images of {rows}x{columns}; each side must be 1 to {MaxSide}");
            }
            if (!anySize && (rows != ParameterLayout.ImageSide || columns != ParameterLayout.ImageSide))
            {
                throw Fail(path, $"holds images of {rows}x{columns}, but LeNet-5 here takes 28x28");
            }
        }
        if (declaredCount == 0)
        {
            throw Fail(path, $"declares zero {kind}");
        }

        long itemLength = (long)rows * columns;
        long bodyLength = declaredCount * itemLength;
        if (bodyLength > Array.MaxLength)
        {
            throw Fail(path, $"declares {declaredCount} {kind} ({bodyLength} bytes), more than one array can hold");
        }
        if (gzip)
        {
            long mostDecompressed = fileLength * MaxDeflateExpansion;
            if (headerLength + bodyLength > mostDecompressed)
            {
                throw Fail(path, $"declares {declaredCount} {kind} ({headerLength + bodyLength} bytes), more than {fileLength} gzip bytes can decompress to");
            }
        }
        else
        {
            long available = fileLength - headerLength;
            if (available < bodyLength)
            {
                throw Fail(path, $"is truncated: its header declares {declaredCount} {kind} ({bodyLength} bytes after the header) but only {available} bytes follow");
            }
            if (available > bodyLength)
            {
                throw Fail(path, $"has {available - bodyLength} trailing bytes after the {declaredCount} {kind} its header declares");
            }
        }

        byte[] body = gzip
            ? ReadDecompressedBody(path, content, (int)bodyLength, headerLength + bodyLength, fileLength, declaredCount, kind, ct)
            : ReadRawBody(content, (int)bodyLength, ct);
        hash.AppendData(body);
        if (gzip)
        {
            CheckGzipSizeTrailer(path, file, headerLength + bodyLength);
        }
        return new IdxContent(path, (int)declaredCount, body, Convert.ToHexStringLower(hash.GetHashAndReset()))
        {
            Rows = (int)rows,
            Columns = (int)columns,
        };
    }

    private static bool StartsWithGzipMagic(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        int read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    private static void CheckMagic(string path, uint magic, bool images)
    {
        uint expected = images ? ImagesMagic : LabelsMagic;
        if (magic == expected)
        {
            return;
        }
        string found = magic switch
        {
            ImagesMagic => " (that of an IDX images file)",
            LabelsMagic => " (that of an IDX labels file)",
            _ => "",
        };
        throw Fail(path, $"has magic number 0x{magic:x8}{found} where an IDX {(images ? "images" : "labels")} file has 0x{expected:x8}");
    }

    private static byte[] ReadRawBody(Stream content, int bodyLength, CancellationToken ct)
    {
        byte[] body = new byte[bodyLength];
        for (int offset = 0; offset < bodyLength;)
        {
            ct.ThrowIfCancellationRequested();
            int read = content.Read(body, offset, Math.Min(ChunkLength, bodyLength - offset));
            if (read == 0)
            {
                // The length was checked against the file's size; a file shrinking under us is an I/O problem.
                throw new IOException($"file ended after {offset} of {bodyLength} body bytes while it was being read");
            }
            offset += read;
        }
        return body;
    }

    // A gzip header's count cannot be checked against a size before decompressing, so the buffer grows only as
    // decompressed bytes actually arrive, never past the declared length, and one probe byte detects excess.
    private static byte[] ReadDecompressedBody(
        string path, Stream content, int bodyLength, long declaredLength, long fileLength, uint declaredCount, string kind, CancellationToken ct)
    {
        int initial = (int)Math.Min(bodyLength, Math.Max(ChunkLength, fileLength * 4));
        byte[] body = new byte[initial];
        int filled = 0;
        while (filled < bodyLength)
        {
            ct.ThrowIfCancellationRequested();
            if (filled == body.Length)
            {
                Array.Resize(ref body, (int)Math.Min(bodyLength, 2L * body.Length));
            }
            int read = content.Read(body, filled, Math.Min(ChunkLength, body.Length - filled));
            if (read == 0)
            {
                throw Fail(path, $"is cut short or truncated: it decompresses to {filled + (declaredLength - bodyLength)} bytes but its header declares {declaredCount} {kind} ({declaredLength} bytes)");
            }
            filled += read;
        }
        Span<byte> probe = stackalloc byte[1];
        if (content.Read(probe) != 0)
        {
            throw Fail(path, $"has trailing bytes after the {declaredCount} {kind} its header declares");
        }
        return body;
    }

    // The last four bytes of a gzip member are its decompressed length mod 2^32. When they disagree with what
    // was decompressed, the file was cut inside its trailer, has bytes after it, or holds several members.
    private static void CheckGzipSizeTrailer(string path, FileStream file, long decompressedLength)
    {
        Span<byte> trailer = stackalloc byte[4];
        file.Position = file.Length - 4;
        file.ReadExactly(trailer);
        uint recorded = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        if (recorded != (uint)decompressedLength)
        {
            throw Fail(path, $"is cut short or has bytes after its gzip data: its gzip size trailer reads {recorded}, but it decompressed to {decompressedLength} bytes");
        }
    }

    /// <summary>Fails naming the file when a label is not one of <paramref name="classes"/>.</summary>
    public static void CheckLabels(string path, byte[] labels, int classes)
    {
        int index = LabelledImages.FirstOutside(labels, classes);
        if (index >= 0)
        {
            throw Fail(path, $"has label {labels[index]} at index {index}, outside 0..{classes - 1}");
        }
    }

    private static InvalidInputException Fail(string path, string problem, Exception? inner = null)
    {
        string message = $"{path}: {problem}".ReplaceLineEndings(" ");
        return inner is null ? new InvalidInputException(message) : new InvalidInputException(message, inner);
    }
}
