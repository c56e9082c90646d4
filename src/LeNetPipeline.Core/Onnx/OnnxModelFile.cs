// LeNet-5 (docs/architecture.md, The model) as an ONNX model (opset 13): the weights become initializers under their interchange names,
// and the graph computes exactly what ReferenceNetwork does, for a batch of N images at once:
//   image (N,1,28,28) -> Conv pad 2 -> Tanh -> AveragePool 2x2 -> Conv -> Tanh -> AveragePool 2x2 -> Conv -> Tanh
//   -> Flatten -> Gemm (f6, transB) -> Sigmoid -> Gemm (out, transB) -> logits (N,10) -> Softmax -> probabilities (N,10)
using System.Reflection;
using LeNetPipeline.IO;
using LeNetPipeline.Model;
using LeNetPipeline.Weights;

namespace LeNetPipeline.Onnx;

public static class OnnxModelFile
{
    public const long OpsetVersion = 13;
    public const string InputName = "image";
    public const string LogitsName = "logits";
    public const string ProbabilitiesName = "probabilities";

    /// <summary>The symbolic size of the first axis: the model takes any number of images at once.</summary>
    public const string BatchDimension = "N";

    /// <summary>Key of the model metadata entry holding the weights' SHA-256 (summary.json's weights_sha256).</summary>
    public const string WeightsSha256Key = "weights_sha256";

    /// <summary>Writes the model, replacing <paramref name="path"/> atomically (the old file stays until the new one is whole).</summary>
    public static void Write(string path, ReadOnlySpan<float> parameters)
    {
        byte[] model = Build(parameters);
        using AtomicFileWriter writer = AtomicFileWriter.Create(path);
        writer.Stream.Write(model);
        writer.Commit();
    }

    /// <summary>The encoded ModelProto for a full parameter buffer in ParameterLayout order.</summary>
    public static byte[] Build(ReadOnlySpan<float> parameters)
    {
        if (parameters.Length != ParameterLayout.Count)
        {
            throw new ArgumentException(
                $"a parameter buffer holds {ParameterLayout.Count} floats, not {parameters.Length}", nameof(parameters));
        }
        var initializers = new List<ProtoMessage>();
        foreach (ParameterTensor tensor in ParameterLayout.Tensors)
        {
            initializers.Add(OnnxMessages.FloatTensor(tensor.Name, tensor.Shape, tensor.Of(parameters)));
        }
        ProtoMessage graph = OnnxMessages.Graph(
            "lenet5",
            Nodes(),
            initializers,
            [OnnxMessages.BatchedFloatValue(InputName, BatchDimension, 1, ParameterLayout.ImageSide, ParameterLayout.ImageSide)],
            [
                OnnxMessages.BatchedFloatValue(LogitsName, BatchDimension, ParameterLayout.Classes),
                OnnxMessages.BatchedFloatValue(ProbabilitiesName, BatchDimension, ParameterLayout.Classes),
            ]);
        string version = typeof(OnnxModelFile).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
        KeyValuePair<string, string>[] metadata = [new(WeightsSha256Key, WeightsHash.Sha256Hex(parameters))];
        return OnnxMessages.Model("LeNetPipeline", version,
            "LeNet-5 (LeCun et al., 1998) trained on MNIST by LeNetPipeline. Input: pixels byte/255, light digit on dark.",
            OpsetVersion, graph, metadata).ToArray();
    }

    private static IEnumerable<ProtoMessage> Nodes()
    {
        yield return Convolution("c1", InputName, ParameterLayout.C1Kernel, ParameterLayout.C1Bias, padding: 2);
        yield return Unary("Tanh", "c1_tanh", "c1");
        yield return AveragePool("s2", "c1_tanh");
        yield return Convolution("c3", "s2", ParameterLayout.C3Kernel, ParameterLayout.C3Bias, padding: 0);
        yield return Unary("Tanh", "c3_tanh", "c3");
        yield return AveragePool("s4", "c3_tanh");
        yield return Convolution("c5", "s4", ParameterLayout.C5Kernel, ParameterLayout.C5Bias, padding: 0);
        yield return Unary("Tanh", "c5_tanh", "c5");
        yield return OnnxMessages.Node("Flatten", "c5_flat", ["c5_tanh"], "c5_flat", OnnxMessages.IntAttribute("axis", 1));
        yield return Dense("f6", "c5_flat", ParameterLayout.F6Weights, ParameterLayout.F6Bias);
        yield return Unary("Sigmoid", "f6_sigmoid", "f6");
        yield return Dense(LogitsName, "f6_sigmoid", ParameterLayout.OutWeights, ParameterLayout.OutBias);
        yield return OnnxMessages.Node("Softmax", ProbabilitiesName, [LogitsName], ProbabilitiesName, OnnxMessages.IntAttribute("axis", 1));
    }

    // Nodes are named after the value they produce, so a runtime's error message points at the layer.
    private static ProtoMessage Convolution(string output, string input, ParameterTensor kernel, ParameterTensor bias, int padding) =>
        OnnxMessages.Node("Conv", output, [input, kernel.Name, bias.Name], output,
            OnnxMessages.IntsAttribute("kernel_shape", kernel.Shape[2], kernel.Shape[3]),
            OnnxMessages.IntsAttribute("pads", padding, padding, padding, padding),
            OnnxMessages.IntsAttribute("strides", 1, 1));

    private static ProtoMessage AveragePool(string output, string input) =>
        OnnxMessages.Node("AveragePool", output, [input], output,
            OnnxMessages.IntsAttribute("kernel_shape", 2, 2),
            OnnxMessages.IntsAttribute("strides", 2, 2));

    private static ProtoMessage Unary(string opType, string output, string input) =>
        OnnxMessages.Node(opType, output, [input], output);

    // Weights are stored (out, in) as in the notebook, so Gemm computes X Wᵀ + B with transB = 1.
    private static ProtoMessage Dense(string output, string input, ParameterTensor weights, ParameterTensor bias) =>
        OnnxMessages.Node("Gemm", output, [input, weights.Name, bias.Name], output, OnnxMessages.IntAttribute("transB", 1));
}
