// Collects what the reliability tests observed, one row per case, when LENET_RELIABILITY_TABLE names a file:
// tests/reliability/table.sh runs the suite that way and turns the rows into docs/reliability.md.
namespace LeNetPipeline.Tests.Reliability;

internal static class ReliabilityTable
{
    public const string Variable = "LENET_RELIABILITY_TABLE";

    private static readonly object Gate = new();

    /// <summary>Appends a tab-separated row: area, case, first line the user saw, exit code, what was kept.</summary>
    public static void Record(string area, string @case, string firstLine, int exitCode, string kept)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } path)
        {
            return;
        }
        string[] cells = [area, @case, firstLine, exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture), kept];
        string row = string.Join('\t', cells.Select(cell => cell.ReplaceLineEndings(" ").Replace('\t', ' ')));
        lock (Gate)
        {
            File.AppendAllText(path, row + "\n");
        }
    }
}
