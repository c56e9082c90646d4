// A strict reader of image CSV files in the digit-recognizer layout: a header "label,pixel0,...,pixelN-1" (or,
// for a file without labels, "pixel0,...,pixelN-1"), then one image per row, N a square (28x28 = 784 for MNIST).
// Every value is a whole number 0..255 in plain decimal. Any other content is an InvalidInputException naming the
// file and the line (and column); nothing is skipped, since a CSV row has no harmless way to be wrong.
using System.Globalization;

namespace LeNetPipeline.Data;

public sealed class CsvImages
{
    private CsvImages(string path, bool labelled, int side, byte[] pixels, byte[] labels, int[] lines)
    {
        Path = path;
        Labelled = labelled;
        Side = side;
        Pixels = pixels;
        Labels = labels;
        Lines = lines;
    }

    public string Path { get; }

    /// <summary>False for a file without the label column (a test file to predict, not to score).</summary>
    public bool Labelled { get; }

    public int Side { get; }

    public int Count => Lines.Length;

    public byte[] Pixels { get; }

    /// <summary>The rows' labels (zeros when the file has none).</summary>
    public byte[] Labels { get; }

    /// <summary>Each image's line number in the file (the header is line 1).</summary>
    public int[] Lines { get; }

    public string ItemName(int index) => $"{Path}: line {Lines[index]}";

    /// <summary>Row <paramref name="index"/>'s pixels as a grey image.</summary>
    public Images.GreyImage Image(int index)
    {
        int length = Side * Side;
        return new Images.GreyImage(Side, Side, Array.ConvertAll(Pixels[(index * length)..((index + 1) * length)], p => (float)p));
    }

    public static CsvImages Read(string path, CancellationToken cancellation)
    {
        using StreamReader reader = Open(path);
        string? header = reader.ReadLine();
        if (header is null)
        {
            throw Fail(path, 1, "is empty; a CSV of images starts with a header: label,pixel0,pixel1,...");
        }
        string[] columns = header.Split(',');
        bool labelled = columns[0].Trim() == "label";
        int pixelCount = columns.Length - (labelled ? 1 : 0);
        for (int i = 0; i < pixelCount; i++)
        {
            string name = columns[i + (labelled ? 1 : 0)].Trim();
            if (name != $"pixel{i.ToString(CultureInfo.InvariantCulture)}")
            {
                throw Fail(path, 1, $"header column {i + (labelled ? 2 : 1)} is '{name}', expected 'pixel{i}' (the layout is label,pixel0,pixel1,...)");
            }
        }
        int side = (int)Math.Round(Math.Sqrt(pixelCount));
        if (pixelCount == 0 || side * side != pixelCount)
        {
            throw Fail(path, 1, $"has {pixelCount} pixel columns, which is not a square image (784 = 28x28)");
        }

        var pixels = new List<byte>();
        var labels = new List<byte>();
        var lines = new List<int>();
        int line = 1;
        string? row;
        while ((row = reader.ReadLine()) is not null)
        {
            line++;
            cancellation.ThrowIfCancellationRequested();
            if (row.Length == 0 && reader.Peek() < 0)
            {
                break;
            }
            ParseRow(path, line, row, columns, labelled, pixels, labels);
            lines.Add(line);
        }
        if (lines.Count == 0)
        {
            throw Fail(path, 1, "has a header but no rows");
        }
        return new CsvImages(path, labelled, side, [.. pixels], labelled ? [.. labels] : new byte[lines.Count], [.. lines]);
    }

    private static void ParseRow(string path, int line, string row, string[] columns, bool labelled, List<byte> pixels, List<byte> labels)
    {
        ReadOnlySpan<char> rest = row;
        int column = 0;
        while (true)
        {
            int comma = rest.IndexOf(',');
            ReadOnlySpan<char> field = (comma < 0 ? rest : rest[..comma]).Trim();
            if (column >= columns.Length)
            {
                throw Fail(path, line, $"has more than the header's {columns.Length} columns");
            }
            if (!byte.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out byte value))
            {
                string what = field.Length == 0 ? "is empty" : $"'{Shorten(field)}' is not a whole number 0..255";
                throw Fail(path, line, $"column {columns[column].Trim()}: {what}");
            }
            if (labelled && column == 0)
            {
                labels.Add(value);
            }
            else
            {
                pixels.Add(value);
            }
            column++;
            if (comma < 0)
            {
                break;
            }
            rest = rest[(comma + 1)..];
        }
        if (column != columns.Length)
        {
            throw Fail(path, line, $"has {column} columns, the header has {columns.Length}");
        }
    }

    private static string Shorten(ReadOnlySpan<char> field) => field.Length <= 20 ? field.ToString() : field[..20].ToString() + "...";

    private static StreamReader Open(string path)
    {
        if (System.IO.Directory.Exists(path))
        {
            throw new InvalidInputException($"{path}: is a directory, not a CSV file");
        }
        try
        {
            return new StreamReader(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            string reason = exception is FileNotFoundException or DirectoryNotFoundException ? "does not exist" : $"cannot be read ({exception.Message})";
            throw new InvalidInputException($"{path}: {reason}".ReplaceLineEndings(" "), exception);
        }
    }

    private static InvalidInputException Fail(string path, int line, string problem) =>
        new($"{path}: line {line}: {problem}".ReplaceLineEndings(" "));
}
