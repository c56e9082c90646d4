// The exported ONNX model, run by ONNX Runtime, against our own forward passes on the whole MNIST test set: every
// prediction equals the training kernel's, and every logit is within 1e-4 of the double-precision reference's.
using LeNetPipeline.Data;
using LeNetPipeline.Evaluation;
using LeNetPipeline.Model;
using LeNetPipeline.Model.Reference;
using LeNetPipeline.Onnx;
using LeNetPipeline.Tests.Data;
using LeNetPipeline.Weights;
using Microsoft.ML.OnnxRuntime;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Export;

[Collection(MnistCollection.Name)]
public sealed class OnnxRuntimeAgreementTests(MnistFixture mnist) : IDisposable
{
    private const double LogitTolerance = 1e-4;
    private const int RuntimeBatch = 1000;

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Exported_model_predicts_every_test_image_as_our_kernel_does_with_logits_within_1e_4_of_the_reference()
    {
        float[] parameters = BrieflyTrainedWeights.Create(mnist.Train, steps: 30);
        string weights = _directory.File("model.npz");
        WeightsFile.Write(weights, parameters);
        string onnx = _directory.File("model.onnx");
        WorkerResult export = await WorkerProcess.RunAsync("export", $"--Export:Weights={weights}", $"--Export:Onnx={onnx}");
        Assert.True(export.ExitCode == 0, export.StandardError);

        LabelledImages test = mnist.Test;
        float[] runtimeLogits = RunOnnxRuntime(onnx, test, out float[] runtimeProbabilities);
        byte[] kernelPredictions = KernelPredictor.Predict(parameters, test, Environment.ProcessorCount, CancellationToken.None);

        int[] disagreements = Enumerable.Range(0, test.Count)
            .Where(i => ArgMax(runtimeLogits.AsSpan(i * ParameterLayout.Classes, ParameterLayout.Classes)) != kernelPredictions[i])
            .ToArray();
        Assert.True(disagreements.Length == 0,
            $"ONNX Runtime and the kernel disagree on {disagreements.Length} of {test.Count} images, first {string.Join(", ", disagreements.Take(10))}");

        (double worstLogit, int worstImage) = WorstLogitDifference(parameters, test, runtimeLogits);
        Assert.True(worstLogit <= LogitTolerance, $"logits of image {worstImage} differ by {worstLogit:G3} from the reference");

        // The model is worth comparing: it predicts far better than chance, and its softmax output is a distribution.
        double accuracy = Enumerable.Range(0, test.Count).Count(i => kernelPredictions[i] == test.Labels[i]) / (double)test.Count;
        Assert.InRange(accuracy, 0.5, 1.0);
        for (int i = 0; i < test.Count; i++)
        {
            Assert.Equal(1.0, runtimeProbabilities.AsSpan(i * ParameterLayout.Classes, ParameterLayout.Classes).ToArray().Sum(p => (double)p), 1e-5);
        }
    }

    private static float[] RunOnnxRuntime(string modelPath, LabelledImages test, out float[] probabilities)
    {
        float[] logits = new float[test.Count * ParameterLayout.Classes];
        probabilities = new float[logits.Length];
        using var session = new InferenceSession(modelPath);
        using var runOptions = new RunOptions();
        for (int first = 0; first < test.Count; first += RuntimeBatch)
        {
            int count = Math.Min(RuntimeBatch, test.Count - first);
            float[] pixels = new float[count * ParameterLayout.ImagePixels];
            for (int p = 0; p < pixels.Length; p++)
            {
                pixels[p] = test.Pixels[first * ParameterLayout.ImagePixels + p] / 255f;
            }
            using OrtValue input = OrtValue.CreateTensorValueFromMemory(pixels, [count, 1, ParameterLayout.ImageSide, ParameterLayout.ImageSide]);
            using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions,
                [OnnxModelFile.InputName], [input], [OnnxModelFile.LogitsName, OnnxModelFile.ProbabilitiesName]);
            outputs[0].GetTensorDataAsSpan<float>().CopyTo(logits.AsSpan(first * ParameterLayout.Classes));
            outputs[1].GetTensorDataAsSpan<float>().CopyTo(probabilities.AsSpan(first * ParameterLayout.Classes));
        }
        return logits;
    }

    private static (double Difference, int Image) WorstLogitDifference(float[] parameters, LabelledImages images, float[] runtimeLogits)
    {
        double[] reference = Array.ConvertAll(parameters, p => (double)p);
        var worst = new double[images.Count];
        Parallel.For(0, images.Count, i =>
        {
            double[] image = new double[ParameterLayout.ImagePixels];
            ReadOnlySpan<byte> pixels = images.Image(i);
            for (int p = 0; p < image.Length; p++)
            {
                image[p] = pixels[p] / 255.0;
            }
            double[] logits = ReferenceNetwork.Logits(reference, image);
            for (int k = 0; k < logits.Length; k++)
            {
                worst[i] = Math.Max(worst[i], Math.Abs(logits[k] - runtimeLogits[i * ParameterLayout.Classes + k]));
            }
        });
        int image = Array.IndexOf(worst, worst.Max());
        return (worst[image], image);
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }
        return best;
    }
}
