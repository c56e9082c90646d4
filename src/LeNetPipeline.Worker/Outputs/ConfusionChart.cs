// The confusion matrix of an evaluation as a picture: rows the true class, columns the prediction, each cell
// coloured by its share of the true class's samples (so a class's errors show whatever its size) and labelled
// with its count; the axes carry the class names.
using LeNetPipeline.Evaluation;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace LeNetPipeline.Worker.Outputs;

internal static class ConfusionChart
{
    public static byte[] Draw(ConfusionMatrix matrix, IReadOnlyList<string> names, string title)
    {
        int classes = matrix.Classes;
        ArgumentOutOfRangeException.ThrowIfNotEqual(names.Count, classes, nameof(names));
        double[,] share = new double[classes, classes];
        for (int actual = 0; actual < classes; actual++)
        {
            long samples = Math.Max(1, matrix.ActualTotal(actual));
            for (int predicted = 0; predicted < classes; predicted++)
            {
                share[actual, predicted] = (double)matrix.Count(actual, predicted) / samples;
            }
        }

        using Plot plot = ChartStyle.NewPlot();
        var heatmap = plot.Add.Heatmap(share);
        // White for none, dark blue for all: the eye goes to the diagonal and to the errors, not to empty cells.
        heatmap.Colormap = new ScottPlot.Colormaps.Reversed(new ScottPlot.Colormaps.Blues());
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = "share of the true class's samples";
        bar.Axis.TickGenerator = new NumericManual([0, 0.25, 0.5, 0.75, 1], ["0 %", "25 %", "50 %", "75 %", "100 %"]);
        for (int actual = 0; actual < classes; actual++)
        {
            for (int predicted = 0; predicted < classes; predicted++)
            {
                long count = matrix.Count(actual, predicted);
                if (count == 0)
                {
                    continue;
                }
                // The heatmap draws its first row at the top, where the y axis is highest.
                var label = plot.Add.Text(count.ToString(System.Globalization.CultureInfo.InvariantCulture), predicted, classes - 1 - actual);
                label.Alignment = Alignment.MiddleCenter;
                label.LabelFontSize = Math.Min(13f, 130f / classes);
                label.LabelFontColor = share[actual, predicted] > 0.5 ? Colors.White : Colors.Black;
            }
        }
        double[] positions = [.. Enumerable.Range(0, classes).Select(c => (double)c)];
        string[] labels = [.. names];
        plot.Axes.Bottom.TickGenerator = new NumericManual(positions, labels);
        plot.Axes.Left.TickGenerator = new NumericManual(positions, [.. labels.Reverse()]);
        if (labels.Any(name => name.Length > 2))
        {
            // Longer names (garments) would overlap side by side under the columns: they hang down to the right from
            // their tick instead, with the axis made tall enough to hold the longest.
            plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            plot.Axes.Bottom.MinimumSize = 20 + 6 * labels.Max(name => name.Length);
        }
        plot.Title(title);
        plot.XLabel("predicted class");
        plot.YLabel("true class");
        plot.HideGrid();
        plot.Axes.SetLimits(-0.5, classes - 0.5, -0.5, classes - 0.5);
        return plot.GetImageBytes(ChartStyle.SquareSide + 120, ChartStyle.SquareSide, ImageFormat.Png);
    }
}
