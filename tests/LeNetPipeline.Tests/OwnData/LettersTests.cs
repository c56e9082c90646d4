// A data set no one here made by hand, with 26 classes: rendered letters (LetterImages) in class folders, trained
// from the folder source through the worker's command line to at least 95 % on the held-out split; predict names a
// freshly rendered letter; and the ONNX export, run by ONNX Runtime on that split, predicts as our kernel does with
// logits within 1e-4 of the double-precision reference, and names the classes in its metadata.
using System.Text.Json;
using LeNetPipeline.Bench.OwnData;
using LeNetPipeline.Data;
using LeNetPipeline.Evaluation;
using LeNetPipeline.Model;
using LeNetPipeline.Model.Reference;
using LeNetPipeline.Onnx;
using LeNetPipeline.Randomness;
using LeNetPipeline.Tests.Commands;
using LeNetPipeline.Tests.Data;
using LeNetPipeline.Weights;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using SkiaSharp;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.OwnData;

public sealed class LettersTests : IDisposable
{
    private const int PerLetter = 300;
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Letters_train_from_a_folder_to_95_percent_and_predict_and_onnx_export_agree()
    {
        Assert.NotEmpty(LetterImages.FontFiles());
        string letters = _directory.File("letters");
        LetterImages.WriteFolder(letters, PerLetter, seed: 7);
        string output = _directory.File("run");

        CommandResult train = await CommandRunner.RunProcessAsync("train", "--Data:Dataset=folder", $"--Data:Directory={letters}",
            "--Training:Epochs=15", $"--Output:Directory={output}");
        Assert.True(train.ExitCode == 0, train.Errors);
        using (JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json"))))
        {
            double accuracy = summary.RootElement.GetProperty("final_test_accuracy").GetDouble();
            Assert.True(accuracy >= 0.95, $"held-out accuracy {accuracy:P2}");
        }
        string model = Path.Combine(output, "model.npz");
        Assert.Equal(LetterImages.Letters, WeightsFile.ReadModel(model).ClassNames);

        string letterK = _directory.Write("k.png", Clean("K"));
        CommandResult predict = await CommandRunner.RunAsync("predict", letterK, $"--Predict:Weights={model}");
        Assert.True(predict.ExitCode == 0, predict.Errors);
        string[] row = predict.Output.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("K", row[1]);

        string onnx = Path.Combine(output, "model.onnx");
        CommandResult export = await CommandRunner.RunProcessAsync("export", $"--Export:Weights={model}", $"--Export:Onnx={onnx}");
        Assert.True(export.ExitCode == 0, export.Errors);
        (_, LabelledImages heldOut) = await new DatasetProvider(NullLogger<DatasetProvider>.Instance)
            .LoadAsync(DataSourceSettings.For("folder", letters), CancellationToken.None);
        AssertOnnxRuntimeAgrees(onnx, WeightsFile.Read(model), heldOut);
    }

    private static byte[] Clean(string letter)
    {
        using SKTypeface face = SKTypeface.FromFile(Path.Combine(LetterImages.FontDirectory, "DejaVuSans.ttf"));
        return LetterImages.Render(letter, face, new SeededRandom(12345));
    }

    private static void AssertOnnxRuntimeAgrees(string onnx, float[] parameters, LabelledImages images)
    {
        int classes = images.Classes.Count;
        using var session = new InferenceSession(onnx);
        Assert.Equal(JsonSerializer.Serialize(LetterImages.Letters), session.ModelMetadata.CustomMetadataMap[OnnxModelFile.ClassNamesKey]);
        float[] pixels = Array.ConvertAll(images.Pixels, p => p / 255f);
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(pixels, [images.Count, 1, ParameterLayout.ImageSide, ParameterLayout.ImageSide]);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, [OnnxModelFile.InputName], [input], [OnnxModelFile.LogitsName]);
        float[] logits = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        Assert.Equal(images.Count * classes, logits.Length);

        byte[] kernel = KernelPredictor.Predict(parameters, images, Environment.ProcessorCount, CancellationToken.None);
        double[] reference = Array.ConvertAll(parameters, p => (double)p);
        for (int i = 0; i < images.Count; i++)
        {
            ReadOnlySpan<float> row = logits.AsSpan(i * classes, classes);
            Assert.Equal(kernel[i], row.IndexOf(row.ToArray().Max()));
            double[] expected = ReferenceNetwork.Logits(reference, images.Image(i).ToArray().Select(p => p / 255.0).ToArray());
            for (int k = 0; k < classes; k++)
            {
                Assert.True(Math.Abs(expected[k] - row[k]) <= 1e-4, $"image {i}, class {k}: ONNX Runtime {row[k]}, reference {expected[k]}");
            }
        }
    }
}
