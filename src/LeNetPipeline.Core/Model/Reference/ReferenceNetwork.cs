// LeNet-5 (docs/architecture.md, The model) for ONE sample, in double, composed from the reference layers: the ground truth that the
// fast kernels are tested against. Parameters and gradients are flat buffers in ParameterLayout order (61,706).
// Clarity over speed: every call allocates its activations, and nothing is kept between calls.
namespace LeNetPipeline.Model.Reference;

public static class ReferenceNetwork
{
    // Layers hold only their (immutable) shapes, so sharing them between calls and threads is safe.
    private static readonly ConvolutionLayer C1 = new(1, 6, ParameterLayout.ImageSide, ParameterLayout.ImageSide, padding: 2);
    private static readonly AveragePoolLayer S2 = new(6, 28, 28);
    private static readonly ConvolutionLayer C3 = new(6, 16, 14, 14, padding: 0);
    private static readonly AveragePoolLayer S4 = new(16, 10, 10);
    private static readonly ConvolutionLayer C5 = new(16, 120, 5, 5, padding: 0);
    private static readonly DenseLayer F6 = new(120, 84);
    private static readonly DenseLayer Output = new(84, ParameterLayout.Classes);

    /// <summary>
    /// parameters: ParameterLayout order, length 61706; image: 784 values already scaled (byte/255).
    /// Returns the 10 softmax probabilities.
    /// </summary>
    public static double[] Forward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> image)
    {
        Activations a = RunForward(parameters, image);
        SoftmaxCrossEntropy.Softmax(a.Logits, a.Probabilities);
        return a.Probabilities;
    }

    /// <summary>
    /// parameters and image as for <see cref="Forward"/>. Returns the 10 logits: the output layer before softmax,
    /// what exported models (ONNX) are compared on.
    /// </summary>
    public static double[] Logits(ReadOnlySpan<double> parameters, ReadOnlySpan<double> image) =>
        RunForward(parameters, image).Logits;

    /// <summary>
    /// Returns the sample's cross-entropy loss; writes dLoss/dParameters into gradient (length 61706, overwritten)
    /// and, if inputGradient is not empty, dLoss/dImage (784).
    /// </summary>
    public static double Backward(
        ReadOnlySpan<double> parameters,
        ReadOnlySpan<double> image,
        int label,
        Span<double> gradient,
        Span<double> inputGradient)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(label, ParameterLayout.Classes);
        ShapeGuard.Require(gradient.Length, ParameterLayout.Count, nameof(gradient), "(61706)");
        if (!inputGradient.IsEmpty)
        {
            ShapeGuard.Require(inputGradient.Length, ParameterLayout.ImagePixels, nameof(inputGradient), "(784)");
        }
        Activations a = RunForward(parameters, image);
        double loss = SoftmaxCrossEntropy.Forward(a.Logits, label, a.Probabilities);

        double[] dLogits = new double[ParameterLayout.Classes];
        SoftmaxCrossEntropy.Backward(a.Probabilities, label, dLogits);

        double[] dF6 = new double[F6.OutFeatures];
        Output.Backward(a.F6, Of(parameters, ParameterLayout.OutWeights), dLogits, dF6,
            Of(gradient, ParameterLayout.OutWeights), Of(gradient, ParameterLayout.OutBias));
        double[] dF6PreActivation = new double[F6.OutFeatures];
        SigmoidActivation.Backward(a.F6, dF6, dF6PreActivation);

        double[] dC5 = new double[C5.OutputLength];
        F6.Backward(a.C5, Of(parameters, ParameterLayout.F6Weights), dF6PreActivation, dC5,
            Of(gradient, ParameterLayout.F6Weights), Of(gradient, ParameterLayout.F6Bias));
        double[] dC5PreActivation = new double[C5.OutputLength];
        TanhActivation.Backward(a.C5, dC5, dC5PreActivation);

        double[] dS4 = new double[S4.OutputLength];
        C5.Backward(a.S4, Of(parameters, ParameterLayout.C5Kernel), dC5PreActivation, dS4,
            Of(gradient, ParameterLayout.C5Kernel), Of(gradient, ParameterLayout.C5Bias));
        double[] dC3 = new double[C3.OutputLength];
        S4.Backward(dS4, dC3);
        double[] dC3PreActivation = new double[C3.OutputLength];
        TanhActivation.Backward(a.C3, dC3, dC3PreActivation);

        double[] dS2 = new double[S2.OutputLength];
        C3.Backward(a.S2, Of(parameters, ParameterLayout.C3Kernel), dC3PreActivation, dS2,
            Of(gradient, ParameterLayout.C3Kernel), Of(gradient, ParameterLayout.C3Bias));
        double[] dC1 = new double[C1.OutputLength];
        S2.Backward(dS2, dC1);
        double[] dC1PreActivation = new double[C1.OutputLength];
        TanhActivation.Backward(a.C1, dC1, dC1PreActivation);

        C1.Backward(image, Of(parameters, ParameterLayout.C1Kernel), dC1PreActivation, inputGradient,
            Of(gradient, ParameterLayout.C1Kernel), Of(gradient, ParameterLayout.C1Bias));
        return loss;
    }

    /// <summary>The sample's cross-entropy loss alone: what finite-difference checks of Backward perturb.</summary>
    internal static double Loss(ReadOnlySpan<double> parameters, ReadOnlySpan<double> image, int label)
    {
        Activations a = RunForward(parameters, image);
        return SoftmaxCrossEntropy.Forward(a.Logits, label, a.Probabilities);
    }

    private static Activations RunForward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> image)
    {
        ShapeGuard.Require(parameters.Length, ParameterLayout.Count, nameof(parameters), "(61706)");
        ShapeGuard.Require(image.Length, ParameterLayout.ImagePixels, nameof(image), "(1,28,28)");
        var a = new Activations();

        double[] c1PreActivation = new double[C1.OutputLength];
        C1.Forward(image, Of(parameters, ParameterLayout.C1Kernel), Of(parameters, ParameterLayout.C1Bias), c1PreActivation);
        TanhActivation.Forward(c1PreActivation, a.C1);
        S2.Forward(a.C1, a.S2);

        double[] c3PreActivation = new double[C3.OutputLength];
        C3.Forward(a.S2, Of(parameters, ParameterLayout.C3Kernel), Of(parameters, ParameterLayout.C3Bias), c3PreActivation);
        TanhActivation.Forward(c3PreActivation, a.C3);
        S4.Forward(a.C3, a.S4);

        double[] c5PreActivation = new double[C5.OutputLength];
        C5.Forward(a.S4, Of(parameters, ParameterLayout.C5Kernel), Of(parameters, ParameterLayout.C5Bias), c5PreActivation);
        TanhActivation.Forward(c5PreActivation, a.C5);

        double[] f6PreActivation = new double[F6.OutFeatures];
        F6.Forward(a.C5, Of(parameters, ParameterLayout.F6Weights), Of(parameters, ParameterLayout.F6Bias), f6PreActivation);
        SigmoidActivation.Forward(f6PreActivation, a.F6);

        Output.Forward(a.F6, Of(parameters, ParameterLayout.OutWeights), Of(parameters, ParameterLayout.OutBias), a.Logits);
        return a;
    }

    // ParameterTensor's views are over float buffers; the reference works in double, so it slices by offset.
    private static ReadOnlySpan<double> Of(ReadOnlySpan<double> buffer, ParameterTensor tensor) =>
        buffer.Slice(tensor.Offset, tensor.Length);

    private static Span<double> Of(Span<double> buffer, ParameterTensor tensor) => buffer.Slice(tensor.Offset, tensor.Length);

    // The post-activation outputs backward needs (tanh and sigmoid derivatives are taken from their outputs),
    // the logits, and room for the probabilities that the loss or Forward fills in.
    private sealed class Activations
    {
        public double[] C1 { get; } = new double[ReferenceNetwork.C1.OutputLength];

        public double[] S2 { get; } = new double[ReferenceNetwork.S2.OutputLength];

        public double[] C3 { get; } = new double[ReferenceNetwork.C3.OutputLength];

        public double[] S4 { get; } = new double[ReferenceNetwork.S4.OutputLength];

        public double[] C5 { get; } = new double[ReferenceNetwork.C5.OutputLength];

        public double[] F6 { get; } = new double[ReferenceNetwork.F6.OutFeatures];

        public double[] Logits { get; } = new double[ParameterLayout.Classes];

        public double[] Probabilities { get; } = new double[ParameterLayout.Classes];
    }
}
