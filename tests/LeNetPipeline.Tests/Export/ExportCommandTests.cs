// The export command as a user runs it (its own process): what it writes from good weights, and the exit code and
// first error line for each kind of bad input or setting. Outside the MNIST collection: it needs no data set.
using LeNetPipeline.Model;
using LeNetPipeline.Onnx;
using LeNetPipeline.Tests.Data;
using LeNetPipeline.Weights;
using LeNetPipeline.Worker.Hosting;
using Microsoft.ML.OnnxRuntime;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Export;

public sealed class ExportCommandTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Export_turns_notebook_float64_weights_into_a_float32_npz_and_an_onnx_model_of_the_same_weights()
    {
        double[] notebook = NotebookWeights();
        string weights = _directory.File("cnn_params.npz");
        using (NpzWriter npz = NpzWriter.Create(weights))
        {
            foreach (ParameterTensor tensor in ParameterLayout.Tensors)
            {
                npz.Add(tensor.Name, tensor.Shape, notebook.AsSpan(tensor.Offset, tensor.Length));
            }
            npz.Commit();
        }
        string npzOut = _directory.File("out/model.npz");
        string onnxOut = _directory.File("out/model.onnx");

        WorkerResult result = await WorkerProcess.RunAsync(
            "export", $"--Export:Weights={weights}", $"--Export:Npz={npzOut}", $"--Export:Onnx={onnxOut}");

        Assert.True(result.ExitCode == ExitCodes.Success, result.StandardError);
        float[] expected = Array.ConvertAll(notebook, v => (float)v);
        Assert.Equal(expected, WeightsFile.Read(npzOut));
        using (NpzReader npz = NpzReader.Open(npzOut))
        {
            Assert.All(ParameterLayout.Tensors, tensor => Assert.Equal(NpyDataType.Float32, npz.Header(tensor.Name).DataType));
        }
        using var session = new InferenceSession(onnxOut);
        Assert.Equal(WeightsHash.Sha256Hex(expected), session.ModelMetadata.CustomMetadataMap[OnnxModelFile.WeightsSha256Key]);
        Assert.Contains($"Wrote {onnxOut}: ONNX opset 13", result.StandardOutput);
        Assert.Contains($"Wrote {npzOut}: float32 .npz", result.StandardOutput);
    }

    [Fact]
    public async Task Export_of_a_missing_weights_file_exits_3_naming_the_file()
    {
        string missing = _directory.File("absent.npz");
        string onnx = _directory.File("model.onnx");

        WorkerResult result = await WorkerProcess.RunAsync("export", $"--Export:Weights={missing}", $"--Export:Onnx={onnx}");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Equal($"error: {missing}: file not found", result.FirstErrorLine);
        Assert.False(File.Exists(onnx));
    }

    [Fact]
    public async Task Export_of_weights_with_a_wrong_shape_exits_3_naming_the_file_and_array_and_writes_nothing()
    {
        string weights = _directory.File("wrong.npz");
        float[] parameters = new float[ParameterLayout.Count];
        using (NpzWriter npz = NpzWriter.Create(weights))
        {
            foreach (ParameterTensor tensor in ParameterLayout.Tensors)
            {
                // A 3x3 first convolution: the right number of arrays, not the network's shapes.
                int[] shape = tensor == ParameterLayout.C1Kernel ? [6, 1, 3, 3] : tensor.Shape;
                npz.Add(tensor.Name, shape, parameters.AsSpan(0, shape.Aggregate(1, (a, b) => a * b)));
            }
            npz.Commit();
        }
        string onnx = _directory.File("model.onnx");

        WorkerResult result = await WorkerProcess.RunAsync("export", $"--Export:Weights={weights}", $"--Export:Onnx={onnx}");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.StartsWith($"error: {weights}", result.FirstErrorLine);
        Assert.Contains(ParameterLayout.C1Kernel.Name, result.FirstErrorLine);
        Assert.Contains("shape (6, 1, 3, 3), expected (6, 1, 5, 5)", result.FirstErrorLine);
        Assert.False(File.Exists(onnx));
    }

    [Fact]
    public async Task Export_of_a_file_that_is_not_an_npz_exits_3_saying_so()
    {
        string weights = _directory.Write("model.npz", "not weights"u8.ToArray());

        WorkerResult result = await WorkerProcess.RunAsync(
            "export", $"--Export:Weights={weights}", $"--Export:Onnx={_directory.File("model.onnx")}");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.StartsWith($"error: {weights}: not a zip archive", result.FirstErrorLine);
    }

    [Fact]
    public async Task Export_without_a_file_to_write_exits_2_naming_the_settings()
    {
        WorkerResult result = await WorkerProcess.RunAsync("export", $"--Export:Weights={_directory.File("model.npz")}");

        Assert.Equal(ExitCodes.InvalidConfiguration, result.ExitCode);
        Assert.StartsWith("error: invalid setting Export:Onnx=: give Export:Onnx", result.FirstErrorLine);
        Assert.Contains("Export:Npz", result.FirstErrorLine);
    }

    [Fact]
    public async Task Export_refuses_to_write_the_onnx_model_over_the_weights_it_reads()
    {
        string weights = _directory.File("model.npz");
        WeightsFile.Write(weights, ParameterInitializer.Create(1));
        byte[] before = File.ReadAllBytes(weights);

        WorkerResult result = await WorkerProcess.RunAsync("export", $"--Export:Weights={weights}", $"--Export:Onnx={weights}");

        Assert.Equal(ExitCodes.InvalidConfiguration, result.ExitCode);
        Assert.StartsWith($"error: invalid setting Export:Onnx={weights}: it is the weights file being exported", result.FirstErrorLine);
        Assert.Equal(before, File.ReadAllBytes(weights));
    }

    /// <summary>float64 values with more precision than float32 keeps, as the notebook's cnn_params.npz has.</summary>
    private static double[] NotebookWeights()
    {
        float[] initial = ParameterInitializer.Create(3);
        return Array.ConvertAll(initial, v => v * (1.0 + 1e-9));
    }
}
