// Loss and accuracy per epoch, on the training batches as they were trained and on the test set: the two curves
// people read first to see whether a run learned, overfitted or stalled. Rendered to PNG bytes, no display needed.
using LeNetPipeline.Worker.Pipeline;
using LeNetPipeline.Worker.Training;
using ScottPlot.TickGenerators;
using ScottPlot;

namespace LeNetPipeline.Worker.Outputs;

internal static class EpochCharts
{
    public static byte[] Loss(IReadOnlyList<EpochMetrics> epochs) =>
        Draw(epochs, "Loss per epoch", "mean cross-entropy", row => row.TrainLoss, row => row.TestLoss, Alignment.UpperRight);

    public static byte[] Accuracy(IReadOnlyList<EpochMetrics> epochs) =>
        Draw(epochs, "Accuracy per epoch", "accuracy (%)", row => 100 * row.TrainAccuracy, row => 100 * row.TestAccuracy, Alignment.LowerRight);

    private static byte[] Draw(IReadOnlyList<EpochMetrics> epochs, string title, string yLabel,
        Func<EpochMetrics, double> train, Func<EpochMetrics, double> test, Alignment legend)
    {
        if (epochs.Count == 0)
        {
            throw new ArgumentException("no epoch to draw", nameof(epochs));
        }
        using Plot plot = ChartStyle.NewPlot();
        double[] x = [.. epochs.Select(row => (double)row.Epoch)];
        var trainLine = plot.Add.Scatter(x, [.. epochs.Select(train)]);
        trainLine.LegendText = "train (batches as trained)";
        trainLine.LineWidth = 2;
        var testLine = plot.Add.Scatter(x, [.. epochs.Select(test)]);
        testLine.LegendText = "test";
        testLine.LineWidth = 2;
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(yLabel);
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(legend);
        return plot.GetImageBytes(ChartStyle.Width, ChartStyle.Height, ImageFormat.Png);
    }
}
