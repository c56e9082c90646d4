// The checked contents of one IDX file: its items (N images of 28x28 bytes, or N labels 0..9) and the file's digest.
// Body always holds exactly Count items; the digest covers the decompressed file, header included.
namespace LeNetPipeline.Data;

/// <param name="Path">The file it was read from, for messages.</param>
/// <param name="Count">N, the number of images or labels.</param>
/// <param name="Body">The bytes after the header: N*784 pixels or N labels.</param>
/// <param name="Sha256">SHA-256 of the decompressed file, lower-case hex, to compare with the official digest.</param>
public sealed record IdxContent(string Path, int Count, byte[] Body, string Sha256)
{
    /// <summary>Each image's height (1 for a labels file).</summary>
    public int Rows { get; init; } = 1;

    /// <summary>Each image's width (1 for a labels file).</summary>
    public int Columns { get; init; } = 1;
}
