// The CSV files an evaluation leaves in Output:Directory, named after the split so a train and a test evaluation
// can sit side by side: evaluation-<split>.csv (per class, then "all") and confusion-<split>.csv (true class by
// predicted class, both by label and name). Each is written to a temporary file and renamed into place (AtomicFileWriter).
using System.Globalization;
using System.Text;
using LeNetPipeline.IO;

namespace LeNetPipeline.Worker.Commands.Evaluation;

internal static class EvaluationFiles
{
    public static string SummaryName(string split) => $"evaluation-{split}.csv";

    public static string ConfusionName(string split) => $"confusion-{split}.csv";

    /// <summary>Writes both files into <paramref name="directory"/>; returns their paths (summary, confusion).</summary>
    public static (string Summary, string Confusion) Write(string directory, string split, IReadOnlyList<string> names, EvaluationResult result)
    {
        string summary = Path.Combine(directory, SummaryName(split));
        string confusion = Path.Combine(directory, ConfusionName(split));
        AtomicFileWriter.WriteAllText(summary, SummaryCsv(names, result));
        AtomicFileWriter.WriteAllText(confusion, ConfusionCsv(names, result));
        return (summary, confusion);
    }

    public static string SummaryCsv(IReadOnlyList<string> names, EvaluationResult result)
    {
        var csv = new StringBuilder("class,name,samples,correct,accuracy,mean_loss\n");
        for (int c = 0; c < result.Classes; c++)
        {
            Row(csv, c.ToString(CultureInfo.InvariantCulture), Quote(names[c]), result.SamplesOf(c), result.CorrectOf(c), result.AccuracyOf(c), result.MeanLossOf(c));
        }
        Row(csv, "all", "all", result.Samples, result.Correct, result.Accuracy, result.MeanLoss);
        return csv.ToString();
    }

    /// <summary>One row per true class (label, then name); one column per predicted class, headed by its name.</summary>
    public static string ConfusionCsv(IReadOnlyList<string> names, EvaluationResult result)
    {
        var csv = new StringBuilder("true_class,true_name");
        for (int predicted = 0; predicted < result.Classes; predicted++)
        {
            csv.Append(',').Append(Quote($"predicted_{names[predicted]}"));
        }
        csv.Append('\n');
        for (int actual = 0; actual < result.Classes; actual++)
        {
            csv.Append(actual.ToString(CultureInfo.InvariantCulture)).Append(',').Append(Quote(names[actual]));
            for (int predicted = 0; predicted < result.Classes; predicted++)
            {
                csv.Append(',').Append(result.Count(actual, predicted).ToString(CultureInfo.InvariantCulture));
            }
            csv.Append('\n');
        }
        return csv.ToString();
    }

    private static void Row(StringBuilder csv, string label, string name, long samples, long correct, double accuracy, double meanLoss) =>
        csv.Append(label).Append(',').Append(name).Append(',')
            .Append(samples.ToString(CultureInfo.InvariantCulture)).Append(',')
            .Append(correct.ToString(CultureInfo.InvariantCulture)).Append(',')
            .Append(accuracy.ToString("R", CultureInfo.InvariantCulture)).Append(',')
            .Append(meanLoss.ToString("R", CultureInfo.InvariantCulture)).Append('\n');

    // RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled ("T-shirt/top" needs none).
    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
