// The results of predict as a plain table for standard output: one row per image with the predicted class and the
// K probabilities (4 decimals), columns aligned. It is what scripts read; the log carries the same figures.
using LeNetPipeline.Images;
using System.Globalization;
using System.Text;

namespace LeNetPipeline.Worker.Commands.Prediction;

internal sealed record ImagePrediction(string Path, GreyImage Image, PreparedImage Prepared, DigitPrediction Prediction);

internal static class PredictionTable
{
    public static string Format(IReadOnlyList<ImagePrediction> predictions, IReadOnlyList<string> names)
    {
        int pathWidth = Math.Max("image".Length, predictions.Max(p => p.Path.Length));
        int nameWidth = Math.Max("prediction".Length, names.Max(n => n.Length));
        var table = new StringBuilder();
        table.Append("image".PadRight(pathWidth)).Append("  ").Append("prediction".PadRight(nameWidth));
        foreach (string name in names)
        {
            // Each column is as wide as a probability (0.0000), so longer names are cut to fit.
            table.Append(' ').Append((name.Length > 6 ? name[..6] : name).PadLeft(6));
        }
        table.Append('\n');
        foreach (ImagePrediction p in predictions)
        {
            table.Append(p.Path.PadRight(pathWidth)).Append("  ").Append(names[p.Prediction.Class].PadRight(nameWidth));
            foreach (double probability in p.Prediction.Probabilities)
            {
                table.Append(' ').Append(probability.ToString("F4", CultureInfo.InvariantCulture));
            }
            table.Append('\n');
        }
        return table.ToString();
    }

    /// <summary>The K probabilities as one field for the log, "0.0001 0.9990 ...".</summary>
    public static string Probabilities(DigitPrediction prediction) =>
        string.Join(' ', prediction.Probabilities.Select(p => p.ToString("F4", CultureInfo.InvariantCulture)));
}
