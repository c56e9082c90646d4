// The predict command on real MNIST test digits saved as image files: a 28x28 PNG or PGM gets exactly the reference
// network's probabilities for the original digit; black-on-white versions are inverted back to the same result;
// enlarged copies on a bigger sheet (PNG, JPEG, colour) are scaled down to the same digit; the table lists them all.
using System.Globalization;
using LeNetPipeline.Model.Kernels;
using LeNetPipeline.Model.Reference;
using LeNetPipeline.Tests.Data;
using LeNetPipeline.Worker.Commands.Prediction;
using LeNetPipeline.Worker.Hosting;
using SkiaSharp;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Commands;

[Collection(CommandsCollection.Name)]
public class PredictCommandTests(MnistFixture mnist, TrainedModelFixture model)
{
    private const int Digits = 12;

    [Fact]
    public async Task MNIST_digits_saved_as_PNG_and_PGM_get_the_reference_probabilities_of_the_original()
    {
        using var directory = new TemporaryDirectory();
        var files = new List<(string Path, int Sample)>();
        for (int i = 0; i < Digits; i++)
        {
            Grey digit = DigitFiles.Mnist(mnist.Test.Image(i));
            files.Add((directory.Write($"digit{i}.png", DigitFiles.Png(digit)), i));
            files.Add((directory.Write($"digit{i}-raw.pgm", DigitFiles.PgmRaw(digit)), i));
            files.Add((directory.Write($"digit{i}-plain.pgm", DigitFiles.PgmPlain(digit)), i));
        }

        Dictionary<string, DigitPrediction> predictions = await PredictAsync(files.Select(f => f.Path));

        foreach ((string path, int sample) in files)
        {
            Assert.Equal(Reference(sample), predictions[path].Probabilities);
            Assert.Equal(KernelPrediction(sample), predictions[path].Class);
        }
    }

    [Fact]
    public async Task Black_on_white_digits_are_inverted_to_the_same_probabilities()
    {
        using var directory = new TemporaryDirectory();
        var files = new List<(string Path, int Sample)>();
        for (int i = 0; i < Digits; i++)
        {
            Grey paper = DigitFiles.Inverted(DigitFiles.Mnist(mnist.Test.Image(i)));
            files.Add((directory.Write($"paper{i}.png", DigitFiles.Png(paper)), i));
            files.Add((directory.Write($"paper{i}.pgm", DigitFiles.PgmRaw(paper)), i));
        }

        Dictionary<string, DigitPrediction> predictions = await PredictAsync(files.Select(f => f.Path));

        foreach ((string path, int sample) in files)
        {
            Assert.Equal(Reference(sample), predictions[path].Probabilities);
        }
    }

    [Fact]
    public async Task Larger_images_are_scaled_down_to_the_digit_the_original_is_predicted_as()
    {
        using var directory = new TemporaryDirectory();
        var files = new List<(string Path, int Sample)>();
        for (int i = 0; i < Digits; i++)
        {
            Grey digit = DigitFiles.Mnist(mnist.Test.Image(i));
            // Five times larger, off centre on a sheet of another shape: light on dark, dark on light, JPEG, colour.
            Grey dark = DigitFiles.Enlarged(digit, 5, 190, 150, 17, 3, sheet: 0);
            Grey light = DigitFiles.Enlarged(DigitFiles.Inverted(digit), 5, 150, 190, 2, 41, sheet: 255);
            files.Add((directory.Write($"large{i}.png", DigitFiles.Png(dark)), i));
            files.Add((directory.Write($"paper{i}.jpg", DigitFiles.Jpeg(light, quality: 95)), i));
            files.Add((directory.Write($"ink{i}.png", DigitFiles.ColourPng(light, new SKColor(20, 40, 120), new SKColor(245, 235, 210))), i));
        }

        Dictionary<string, DigitPrediction> predictions = await PredictAsync(files.Select(f => f.Path));

        foreach ((string path, int sample) in files)
        {
            Assert.True(KernelPrediction(sample) == predictions[path].Class,
                $"{path}: predicted {predictions[path].Class}, the original {KernelPrediction(sample)} (probabilities {string.Join(' ', predictions[path].Probabilities.Select(p => p.ToString("F4", CultureInfo.InvariantCulture)))})");
        }
    }

    [Fact]
    public async Task The_log_and_the_table_name_every_image_in_the_order_given()
    {
        using var directory = new TemporaryDirectory();
        string[] paths = [.. Enumerable.Range(0, 3).Select(i => directory.Write($"d{i}.pgm", DigitFiles.PgmRaw(DigitFiles.Mnist(mnist.Test.Image(i)))))];

        CommandResult result = await CommandRunner.RunProcessAsync(["predict", .. paths, $"--Predict:Weights={model.ModelPath}"]);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        string[] lines = result.Output.TrimEnd('\n').Split('\n');
        Assert.StartsWith("image", lines[0]);
        Assert.Equal(paths, lines[1..].Select(line => line.Split(' ')[0]));
        for (int i = 0; i < paths.Length; i++)
        {
            string[] fields = lines[i + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(KernelPrediction(i).ToString(CultureInfo.InvariantCulture), fields[1]);
            Assert.Equal(Reference(i).Select(p => p.ToString("F4", CultureInfo.InvariantCulture)), fields[2..]);
        }
        // The log goes to standard error, so standard output is the table alone.
        Assert.All(paths, path => Assert.Contains($"{path}: ", result.Errors));
    }

    [Fact]
    public async Task The_README_examples_are_found_from_the_content_root_and_predicted_as_the_digits_they_show()
    {
        // Relative to the repository root, not to the test's current directory: as under `dotnet run`.
        string[] examples = ["data/examples/digit-7.png", "data/examples/digit-2-on-paper.jpg", "data/examples/digit-1.pgm", "data/examples/digit-0-blue-ink.png"];
        Assert.All(examples, path => Assert.False(File.Exists(path)));

        Dictionary<string, DigitPrediction> predictions = await PredictAsync(examples);

        Assert.Equal([7, 2, 1, 0], examples.Select(path => predictions[path].Class));
    }

    private async Task<Dictionary<string, DigitPrediction>> PredictAsync(IEnumerable<string> paths)
    {
        IReadOnlyList<ImagePrediction> predictions = await CommandRunner.PredictAsync([.. paths, $"--Predict:Weights={model.ModelPath}"]);
        return predictions.ToDictionary(p => p.Path, p => p.Prediction);
    }

    private double[] Reference(int sample)
    {
        double[] parameters = Array.ConvertAll(model.Parameters, p => (double)p);
        double[] image = mnist.Test.Image(sample).ToArray().Select(p => p / 255.0).ToArray();
        return ReferenceNetwork.Forward(parameters, image);
    }

    private int KernelPrediction(int sample)
    {
        float[] losses = new float[1];
        byte[] predictions = new byte[1];
        new SampleGroupKernel().Evaluate(model.Parameters, mnist.Test.Image(sample), mnist.Test.Labels.AsSpan(sample, 1), 1, losses, predictions);
        return predictions[0];
    }

}
