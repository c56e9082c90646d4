// A letters data set no one here drew by hand: the 26 capitals rendered from the machine's fonts (every DejaVu
// face under /usr/share/fonts but the extra-light one, whose hairlines vanish at this size) as dark ink on light
// paper, on canvases of 32 to 48 pixels, with seeded random shifts, scales and rotations, written as PNG files in
// one folder per class: the folder source's layout, and the kind of images predict is given. The tests compile
// this same file (linked) to make their data set; the benchmark program writes one with `letters DIR`.
using LeNetPipeline.Randomness;
using SkiaSharp;

namespace LeNetPipeline.Bench.OwnData;

public static class LetterImages
{
    public const string FontDirectory = "/usr/share/fonts/truetype/dejavu";

    public static IReadOnlyList<string> Letters { get; } = [.. Enumerable.Range(0, 26).Select(i => ((char)('A' + i)).ToString())];

    public static string[] FontFiles() =>
        Directory.Exists(FontDirectory)
            ? [.. Directory.GetFiles(FontDirectory, "DejaVu*.ttf").Where(f => !f.Contains("ExtraLight", StringComparison.Ordinal) && !f.Contains("Math", StringComparison.Ordinal)).Order(StringComparer.Ordinal)]
            : [];

    /// <summary>Writes <paramref name="perLetter"/> images of each letter under <paramref name="directory"/>/&lt;letter&gt;/.</summary>
    public static void WriteFolder(string directory, int perLetter, ulong seed)
    {
        string[] fonts = FontFiles();
        SKTypeface[] faces = [.. fonts.Select(f => SKTypeface.FromFile(f)).OfType<SKTypeface>()];
        if (faces.Length == 0)
        {
            throw new InvalidOperationException($"no font under {FontDirectory} could be loaded");
        }
        try
        {
            Parallel.For(0, Letters.Count, letter =>
            {
                var random = SeededRandom.ForStream(seed, (ulong)letter);
                string classDirectory = Directory.CreateDirectory(Path.Combine(directory, Letters[letter])).FullName;
                for (int i = 0; i < perLetter; i++)
                {
                    byte[] png = Render(Letters[letter], faces[random.NextInt(faces.Length)], random);
                    File.WriteAllBytes(Path.Combine(classDirectory, $"{i:D4}.png"), png);
                }
            });
        }
        finally
        {
            foreach (SKTypeface face in faces)
            {
                face.Dispose();
            }
        }
    }

    /// <summary>One rendered letter as a PNG file's bytes.</summary>
    public static byte[] Render(string letter, SKTypeface face, SeededRandom random)
    {
        int side = 32 + random.NextInt(17);
        byte paper = (byte)(200 + random.NextInt(56));
        byte ink = (byte)random.NextInt(70);
        using var surface = SKSurface.Create(new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Premul));
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(new SKColor(paper, paper, paper));
        using var font = new SKFont(face, (float)(side * (0.45 + (0.35 * random.NextDouble()))));
        using var paint = new SKPaint { Color = new SKColor(ink, ink, ink), IsAntialias = true };
        font.MeasureText(letter, out SKRect bounds, paint);
        float dx = (float)((random.NextDouble() - 0.5) * side * 0.2);
        float dy = (float)((random.NextDouble() - 0.5) * side * 0.2);
        canvas.Translate((side / 2f) + dx, (side / 2f) + dy);
        canvas.RotateDegrees((float)((random.NextDouble() - 0.5) * 24));
        canvas.DrawText(letter, -bounds.MidX, -bounds.MidY, SKTextAlign.Left, font, paint);
        using SKImage image = surface.Snapshot();
        using SKData data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
