// The flat, contiguous layout of LeNet-5's 61,706 parameters (and, identically, of their gradients).
// Order is the parameter list of docs/architecture.md, The model; weights_sha256 hashes this buffer as little-endian float32.
namespace LeNetPipeline.Model;

public static class ParameterLayout
{
    public static ParameterTensor C1Kernel { get; } = new("c1_kernel", [6, 1, 5, 5], 0);
    public static ParameterTensor C1Bias { get; } = Next("c1_bias", [6], C1Kernel);
    public static ParameterTensor C3Kernel { get; } = Next("c3_kernel", [16, 6, 5, 5], C1Bias);
    public static ParameterTensor C3Bias { get; } = Next("c3_bias", [16], C3Kernel);
    public static ParameterTensor C5Kernel { get; } = Next("c5_kernel", [120, 16, 5, 5], C3Bias);
    public static ParameterTensor C5Bias { get; } = Next("c5_bias", [120], C5Kernel);
    public static ParameterTensor F6Weights { get; } = Next("f6_weights", [84, 120], C5Bias);
    public static ParameterTensor F6Bias { get; } = Next("f6_bias", [84], F6Weights);
    public static ParameterTensor OutWeights { get; } = Next("out_weights", [10, 84], F6Bias);
    public static ParameterTensor OutBias { get; } = Next("out_bias", [10], OutWeights);

    /// <summary>All tensors in interchange (and buffer) order.</summary>
    public static IReadOnlyList<ParameterTensor> Tensors { get; } =
        [C1Kernel, C1Bias, C3Kernel, C3Bias, C5Kernel, C5Bias, F6Weights, F6Bias, OutWeights, OutBias];

    /// <summary>61,706: the length of every parameter and gradient buffer.</summary>
    public static int Count { get; } = OutBias.Offset + OutBias.Length;

    public const int ImageSide = 28;
    public const int ImagePixels = ImageSide * ImageSide;
    public const int Classes = 10;

    public static ParameterTensor? Find(string name) => Tensors.FirstOrDefault(t => t.Name == name);

    private static ParameterTensor Next(string name, int[] shape, ParameterTensor previous) =>
        new(name, shape, previous.Offset + previous.Length);
}
