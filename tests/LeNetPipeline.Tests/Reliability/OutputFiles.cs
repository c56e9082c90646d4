// Checks on what a run leaves in its output directory: that an earlier run's files are still there byte for byte,
// and that every file is complete (loads or parses), whatever moment the process was stopped or killed at.
using System.Globalization;
using System.Text.Json;
using LeNetPipeline.IO;
using LeNetPipeline.Weights;
using LeNetPipeline.Worker.Outputs;
using LeNetPipeline.Worker.Training;

namespace LeNetPipeline.Tests.Reliability;

internal static class OutputFiles
{
    // The columns metrics.csv starts with; later ones may be added (extend, never rename).
    private const string MetricsHeaderStart = "epoch,train_loss,train_accuracy,test_loss,test_accuracy,learning_rate,seconds";

    // A PNG starts with its signature and ends with an empty IEND chunk (length, type, CRC).
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] PngEnd = [0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82];

    /// <summary>Every way <paramref name="directory"/> differs from <paramref name="expected"/> (name to bytes); empty when identical.</summary>
    public static IReadOnlyList<string> DifferencesFrom(string directory, IReadOnlyDictionary<string, byte[]> expected)
    {
        List<string> differences = [];
        foreach ((string name, byte[] content) in expected)
        {
            string path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                differences.Add($"{name} is gone");
            }
            else if (!File.ReadAllBytes(path).AsSpan().SequenceEqual(content))
            {
                differences.Add($"{name} was changed");
            }
        }
        if (Directory.Exists(directory))
        {
            differences.AddRange(Directory.EnumerateFileSystemEntries(directory)
                .Select(Path.GetFileName)
                .Where(name => !expected.ContainsKey(name!))
                .Select(name => $"{name} appeared"));
        }
        return differences;
    }

    /// <summary>
    /// Every file in <paramref name="directory"/> that is not complete: the outputs must load or parse, and
    /// nothing else may be there but a writer's hidden temporary file (.name.id.partial), never under a real name.
    /// </summary>
    public static IReadOnlyList<string> Incomplete(string directory)
    {
        List<string> problems = [];
        foreach (string path in Directory.EnumerateFileSystemEntries(directory))
        {
            string name = Path.GetFileName(path);
            string? problem = name switch
            {
                RunOutputs.ModelFile => Try(() => WeightsFile.Read(path)),
                RunOutputs.CheckpointFile => Try(() => TrainingCheckpoint.Read(path)),
                RunOutputs.MetricsFile => Try(() => ParseMetrics(path)),
                RunOutputs.SummaryFile => Try(() => ParseSummary(path)),
                RunPictures.LossFile or RunPictures.AccuracyFile or RunPictures.ConfusionFile => Try(() => CheckPng(path)),
                _ when name.StartsWith('.') && name.EndsWith(AtomicFileWriter.TemporarySuffix, StringComparison.Ordinal) => null,
                _ => "is not an output of the worker",
            };
            if (problem is not null)
            {
                problems.Add($"{name}: {problem}");
            }
        }
        return problems;
    }

    /// <summary>The rows of metrics.csv, each checked to hold a number in every column of the header.</summary>
    public static IReadOnlyList<double[]> ParseMetrics(string path)
    {
        string[] lines = File.ReadAllLines(path);
        if (lines.Length == 0 || !lines[0].StartsWith(MetricsHeaderStart, StringComparison.Ordinal))
        {
            throw new FormatException($"the first line is not a header starting {MetricsHeaderStart}");
        }
        int columns = lines[0].Split(',').Length;
        return lines.Skip(1).Select(line =>
        {
            double[] row = line.Split(',').Select(cell => double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
            return row.Length == columns ? row : throw new FormatException($"row '{line}' has {row.Length} columns, the header {columns}");
        }).ToArray();
    }

    private static void CheckPng(string path)
    {
        byte[] png = File.ReadAllBytes(path);
        if (!png.AsSpan().StartsWith(PngSignature) || !png.AsSpan().EndsWith(PngEnd))
        {
            throw new FormatException($"not a whole PNG ({png.Length} bytes, without its signature or its IEND chunk)");
        }
    }

    public static string WeightsSha256(string summaryPath)
    {
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(summaryPath));
        return summary.RootElement.GetProperty("weights_sha256").GetString()
            ?? throw new FormatException($"{summaryPath} has a null weights_sha256");
    }

    private static void ParseSummary(string path) => _ = WeightsSha256(path);

    private static string? Try(Action load)
    {
        try
        {
            load();
            return null;
        }
        catch (Exception exception)
        {
            return exception.Message;
        }
    }
}
