// The pictures themselves, drawn from made-up results: PNGs of the documented sizes, and text that can be drawn
// on this machine (a headless Linux needs a font file; Debian's fonts-dejavu-core provides one).
using LeNetPipeline.Evaluation;
using LeNetPipeline.Worker.Outputs;
using LeNetPipeline.Worker.Pipeline;
using LeNetPipeline.Worker.Training;

namespace LeNetPipeline.Tests.Training;

public sealed class ChartTests
{
    private static readonly EpochMetrics[] Epochs =
    [
        new(1, 0.9, 0.72, 0.41, 0.88, 0.01, 3.0, 180),
        new(2, 0.35, 0.9, 0.25, 0.93, 0.01, 3.1, 181),
        new(3, 0.2, 0.94, 0.15, 0.955, 0.001, 3.0, 181),
    ];

    [Fact]
    public void Loss_and_accuracy_charts_are_800_by_500_pngs()
    {
        Assert.Equal((800, 500), PngFile.Size(EpochCharts.Loss(Epochs)));
        Assert.Equal((800, 500), PngFile.Size(EpochCharts.Accuracy(Epochs)));
    }

    [Fact]
    public void A_run_of_one_epoch_still_gets_its_charts()
    {
        Assert.Equal((800, 500), PngFile.Size(EpochCharts.Loss(Epochs[..1])));
    }

    [Fact]
    public void Confusion_chart_is_a_760_by_640_png()
    {
        var matrix = ConfusionMatrix.Of([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 4], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9], classes: 10);

        Assert.Equal((760, 640), PngFile.Size(ConfusionChart.Draw(matrix, LeNetPipeline.Data.ClassSet.Digits.Names, "made up")));
    }

    [Fact]
    public void This_machine_has_a_font_to_draw_the_charts_text_with()
    {
        Assert.True(ChartStyle.HasFonts, "no font under /usr/share/fonts: charts would have no text; apt-get install fonts-dejavu-core");
    }
}
