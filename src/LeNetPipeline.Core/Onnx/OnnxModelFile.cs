// LeNet-5 (docs/architecture.md, The model) as an ONNX model (opset 13): the weights become initializers under their interchange names,
// and the graph computes exactly what ReferenceNetwork does, for a batch of N images at once:
//   image (N,1,28,28) -> Conv pad 2 -> Tanh -> AveragePool 2x2 -> Conv -> Tanh -> AveragePool 2x2 -> Conv -> Tanh
//   -> Flatten -> Gemm (f6, transB) -> Sigmoid -> Gemm (out, transB) -> logits (N,K) -> Softmax -> probabilities (N,K)
// with K the class count; the metadata names the classes in label order.
using System.Reflection;
using System.Text.Json;
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

    /// <summary>Key of the metadata entry naming the classes: a JSON array of strings, in output (label) order.</summary>
    public const string ClassNamesKey = "class_names";

    /// <summary>Writes the model, replacing <paramref name="path"/> atomically (the old file stays until the new one is whole).</summary>
    public static void Write(string path, ReadOnlySpan<float> parameters, IReadOnlyList<string>? classNames = null)
    {
        byte[] model = Build(parameters, classNames);
        using AtomicFileWriter writer = AtomicFileWriter.Create(path);
        writer.Stream.Write(model);
        writer.Commit();
    }

    /// <summary>
    /// The encoded ModelProto for a full parameter buffer in ParameterLayout order; <paramref name="classNames"/>
    /// (one per output; null: "0".."K-1") go into the metadata.
    /// </summary>
    public static byte[] Build(ReadOnlySpan<float> parameters, IReadOnlyList<string>? classNames = null)
    {
        ParameterLayout layout = ParameterLayout.ForCount(parameters.Length)
            ?? throw new ArgumentException(
                $"{parameters.Length} floats are no LeNet-5 parameter buffer (61706 for ten classes)", nameof(parameters));
        IReadOnlyList<string> names = classNames ?? [.. Enumerable.Range(0, layout.Classes).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        if (names.Count != layout.Classes)
        {
            throw new ArgumentException($"{names.Count} class names for {layout.Classes} outputs", nameof(classNames));
        }
        var initializers = new List<ProtoMessage>();
        foreach (ParameterTensor tensor in layout.Tensors)
        {
            initializers.Add(OnnxMessages.FloatTensor(tensor.Name, tensor.Shape, tensor.Of(parameters)));
        }
        ProtoMessage graph = OnnxMessages.Graph(
            "lenet5",
            Nodes(layout),
            initializers,
            [OnnxMessages.BatchedFloatValue(InputName, BatchDimension, 1, ParameterLayout.ImageSide, ParameterLayout.ImageSide)],
            [
                OnnxMessages.BatchedFloatValue(LogitsName, BatchDimension, layout.Classes),
                OnnxMessages.BatchedFloatValue(ProbabilitiesName, BatchDimension, layout.Classes),
            ]);
        string version = typeof(OnnxModelFile).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
        KeyValuePair<string, string>[] metadata =
            [new(WeightsSha256Key, WeightsHash.Sha256Hex(parameters)), new(ClassNamesKey, JsonSerializer.Serialize(names))];
        return OnnxMessages.Model("LeNetPipeline", version,
            "LeNet-5 (LeCun et al., 1998) trained by LeNetPipeline. Input: 28x28 pixels byte/255, light on dark; outputs in class_names order.",
            OpsetVersion, graph, metadata).ToArray();
    }

    private static IEnumerable<ProtoMessage> Nodes(ParameterLayout layout)
    {
        yield return Convolution("c1", InputName, layout.C1Kernel, layout.C1Bias, padding: 2);
        yield return Unary("Tanh", "c1_tanh", "c1");
        yield return AveragePool("s2", "c1_tanh");
        yield return Convolution("c3", "s2", layout.C3Kernel, layout.C3Bias, padding: 0);
        yield return Unary("Tanh", "c3_tanh", "c3");
        yield return AveragePool("s4", "c3_tanh");
        yield return Convolution("c5", "s4", layout.C5Kernel, layout.C5Bias, padding: 0);
        yield return Unary("Tanh", "c5_tanh", "c5");
        yield return OnnxMessages.Node("Flatten", "c5_flat", ["c5_tanh"], "c5_flat", OnnxMessages.IntAttribute("axis", 1));
        yield return Dense("f6", "c5_flat", layout.F6Weights, layout.F6Bias);
        yield return Unary("Sigmoid", "f6_sigmoid", "f6");
        yield return Dense(LogitsName, "f6_sigmoid", layout.OutWeights, layout.OutBias);
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
