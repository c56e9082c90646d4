// A violation of the .npy format found while reading one array, described without file or array name.
// Internal only: NpzReader turns it into an InvalidInputException that names the file and the array.
namespace LeNetPipeline.Weights;

internal sealed class NpyFormatException(string problem) : Exception(problem)
{
    /// <summary>
    /// Text taken from a file, quoted for a one-line message: control and non-ASCII characters escaped, and cut short,
    /// so a hostile header can neither break the line nor flood the log.
    /// </summary>
    public static string Quote(string fromFile)
    {
        const int MaxShown = 40;
        var quoted = new System.Text.StringBuilder("'");
        foreach (char c in fromFile.Length <= MaxShown ? fromFile : fromFile[..MaxShown])
        {
            quoted.Append(c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}");
        }
        return quoted.Append(fromFile.Length <= MaxShown ? "'" : "'...").ToString();
    }
}
