// The flat, contiguous layout of LeNet-5's parameters (and, identically, of their gradients) for K classes:
// 61,706 for MNIST's ten. Order is the notebook's parameter list (docs/architecture.md, The model); weights_sha256 hashes this buffer as
// little-endian float32. Only the output layer (out_weights K x 84, out_bias K) depends on K, and it comes last,
// so every other tensor sits at the same offset whatever the class count.
namespace LeNetPipeline.Model;

public sealed class ParameterLayout : IEquatable<ParameterLayout>
{
    /// <summary>Fewer than two classes is not a classification.</summary>
    public const int MinClasses = 2;

    /// <summary>
    /// Labels and predictions are bytes everywhere (IDX label files, the pipeline's sample buffers, the kernels'
    /// argmax), so a class index is at most 255.
    /// </summary>
    public const int MaxClasses = 256;

    public const int ImageSide = 28;
    public const int ImagePixels = ImageSide * ImageSide;

    /// <summary>Offset of out_weights, the first class-dependent tensor: the same for every class count.</summary>
    public const int OutWeightsOffset = 150 + 6 + 2400 + 16 + 48000 + 120 + 10080 + 84;

    private ParameterLayout(int classes)
    {
        Classes = classes;
        C1Kernel = new("c1_kernel", [6, 1, 5, 5], 0);
        C1Bias = Next("c1_bias", [6], C1Kernel);
        C3Kernel = Next("c3_kernel", [16, 6, 5, 5], C1Bias);
        C3Bias = Next("c3_bias", [16], C3Kernel);
        C5Kernel = Next("c5_kernel", [120, 16, 5, 5], C3Bias);
        C5Bias = Next("c5_bias", [120], C5Kernel);
        F6Weights = Next("f6_weights", [84, 120], C5Bias);
        F6Bias = Next("f6_bias", [84], F6Weights);
        OutWeights = Next("out_weights", [classes, 84], F6Bias);
        OutBias = Next("out_bias", [classes], OutWeights);
        Tensors = [C1Kernel, C1Bias, C3Kernel, C3Bias, C5Kernel, C5Bias, F6Weights, F6Bias, OutWeights, OutBias];
        Count = OutBias.Offset + OutBias.Length;
    }

    /// <summary>Ten classes: MNIST's digits, Fashion-MNIST's garments, the notebook's cnn_params.npz.</summary>
    public static ParameterLayout Mnist { get; } = new(10);

    /// <summary>The layout for <paramref name="classes"/> classes (<see cref="MinClasses"/>..<see cref="MaxClasses"/>).</summary>
    public static ParameterLayout For(int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, MinClasses);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classes, MaxClasses);
        return classes == Mnist.Classes ? Mnist : new ParameterLayout(classes);
    }

    /// <summary>The layout whose parameter buffer holds <paramref name="count"/> floats, or null when none does.</summary>
    public static ParameterLayout? ForCount(int count)
    {
        int rest = count - OutWeightsOffset;
        int classes = rest / 85;
        return rest > 0 && rest % 85 == 0 && classes is >= MinClasses and <= MaxClasses ? For(classes) : null;
    }

    public int Classes { get; }

    public ParameterTensor C1Kernel { get; }
    public ParameterTensor C1Bias { get; }
    public ParameterTensor C3Kernel { get; }
    public ParameterTensor C3Bias { get; }
    public ParameterTensor C5Kernel { get; }
    public ParameterTensor C5Bias { get; }
    public ParameterTensor F6Weights { get; }
    public ParameterTensor F6Bias { get; }
    public ParameterTensor OutWeights { get; }
    public ParameterTensor OutBias { get; }

    /// <summary>All tensors in interchange (and buffer) order.</summary>
    public IReadOnlyList<ParameterTensor> Tensors { get; }

    /// <summary>The length of every parameter and gradient buffer: 61,706 for ten classes.</summary>
    public int Count { get; }

    public ParameterTensor? Find(string name) => Tensors.FirstOrDefault(t => t.Name == name);

    public bool Equals(ParameterLayout? other) => other is not null && other.Classes == Classes;

    public override bool Equals(object? obj) => Equals(obj as ParameterLayout);

    public override int GetHashCode() => Classes;

    public override string ToString() => $"LeNet-5 with {Classes} classes ({Count} parameters)";

    private static ParameterTensor Next(string name, int[] shape, ParameterTensor previous) =>
        new(name, shape, previous.Offset + previous.Length);
}
