// What every picture of a run shares: its size and its font. Text is drawn with a font file found on the machine
// (SkiaSharp's self-contained Linux build reads /usr/share/fonts, no fontconfig needed); DejaVu Sans when present.
using ScottPlot;

namespace LeNetPipeline.Worker.Outputs;

internal static class ChartStyle
{
    public const int Width = 800;
    public const int Height = 500;
    public const int SquareSide = 640;

    /// <summary>Debian's fonts-dejavu-core, on the stock images of the machines this project is built on.</summary>
    public const string PreferredFont = "DejaVu Sans";

    /// <summary>False when the machine has no font file at all: the pictures would be drawn without any text.</summary>
    public static bool HasFonts => SkiaSharp.SKFontManager.Default.FontFamilies.Any();

    public static Plot NewPlot()
    {
        var plot = new Plot();
        if (Fonts.GetTypeface(PreferredFont, bold: false, italic: false)?.FamilyName == PreferredFont)
        {
            plot.Font.Set(PreferredFont);
        }
        return plot;
    }
}
