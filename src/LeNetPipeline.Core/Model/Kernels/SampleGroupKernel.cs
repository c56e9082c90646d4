// Forward and backward of LeNet-5 for a group of up to 16 samples; one instance per compute worker.
// Invariant: each sample's gradient g_s is computed independently of the others in the group (one Vector512 lane
// per sample, the same operations in every lane), and Train's sum is exactly acc = g_0; acc += g_1; ... in sample
// order, so it equals, bit for bit, the aggregator's rebuild of a group sum from TrainPerSample's g_s.
namespace LeNetPipeline.Model.Kernels;

public sealed unsafe class SampleGroupKernel
{
    public const int GroupSize = 16;

    private const int C5Inputs = 400;
    private const int C5Outputs = 120;
    private const int F6Outputs = 84;
    private const int Classes = ParameterLayout.Classes;
    private const int Stride = LaneWorkspace.TransposedStride;

    // Offsets in the flat parameter (and gradient) buffer.
    private static readonly int C1Kernel = ParameterLayout.C1Kernel.Offset, C1Bias = ParameterLayout.C1Bias.Offset;
    private static readonly int C3Kernel = ParameterLayout.C3Kernel.Offset, C3Bias = ParameterLayout.C3Bias.Offset;
    private static readonly int C5Kernel = ParameterLayout.C5Kernel.Offset, C5Bias = ParameterLayout.C5Bias.Offset;
    private static readonly int F6Weights = ParameterLayout.F6Weights.Offset, F6Bias = ParameterLayout.F6Bias.Offset;
    private static readonly int OutWeights = ParameterLayout.OutWeights.Offset, OutBias = ParameterLayout.OutBias.Offset;

    private readonly LaneWorkspace _work = new();

    /// <summary>
    /// Forward and backward for <paramref name="count"/> samples; <paramref name="gradient"/> is overwritten with
    /// the sequential (sample-order) float sum of the samples' gradients.
    /// </summary>
    public void Train(ReadOnlySpan<float> parameters, ReadOnlySpan<byte> images, ReadOnlySpan<byte> labels, int count,
        Span<float> gradient, Span<float> losses, Span<byte> predictions)
    {
        Validate(parameters, images, labels, count, losses, predictions);
        if (gradient.Length != ParameterLayout.Count)
        {
            throw new ArgumentException($"the gradient holds {ParameterLayout.Count} floats", nameof(gradient));
        }

        fixed (float* p = parameters)
        fixed (byte* x = images, y = labels, prediction = predictions)
        fixed (float* g = gradient, loss = losses)
        {
            Forward(p, x, y, count, loss, prediction, training: true);
            Backward(p);
            LaneWorkspace w = _work;
            LaneTranspose.SumLanes(w.ConvolutionSums, LaneWorkspace.ConvolutionGradientRows, count, g);
            DenseWeightGradientKernel.SumOverSamples(w.C5Gradient, w.S4Transposed, Stride, C5Inputs, C5Outputs, count, g + C5Kernel, g + C5Bias);
            DenseWeightGradientKernel.SumOverSamples(w.F6Gradient, w.C5Transposed, Stride, C5Outputs, F6Outputs, count, g + F6Weights, g + F6Bias);
            DenseWeightGradientKernel.SumOverSamples(w.OutputGradient, w.F6Transposed, Stride, F6Outputs, Classes, count, g + OutWeights, g + OutBias);
        }
    }

    /// <summary>As <see cref="Train"/>, but writes sample s's gradient to perSampleGradients[s*Count, (s+1)*Count).</summary>
    public void TrainPerSample(ReadOnlySpan<float> parameters, ReadOnlySpan<byte> images, ReadOnlySpan<byte> labels, int count,
        Span<float> perSampleGradients, Span<float> losses, Span<byte> predictions)
    {
        Validate(parameters, images, labels, count, losses, predictions);
        if (perSampleGradients.Length < count * ParameterLayout.Count)
        {
            throw new ArgumentException($"per-sample gradients need count x {ParameterLayout.Count} floats", nameof(perSampleGradients));
        }

        fixed (float* p = parameters)
        fixed (byte* x = images, y = labels, prediction = predictions)
        fixed (float* gradients = perSampleGradients, loss = losses)
        {
            Forward(p, x, y, count, loss, prediction, training: true);
            Backward(p);
            LaneWorkspace w = _work;
            for (int s = 0; s < count; s++)
            {
                float* g = gradients + (nint)s * ParameterLayout.Count;
                LaneTranspose.CopyLane(w.ConvolutionSums, LaneWorkspace.ConvolutionGradientRows, s, g);
                DenseWeightGradientKernel.OneSample(w.C5Gradient, w.S4Transposed, Stride, C5Inputs, C5Outputs, s, g + C5Kernel, g + C5Bias);
                DenseWeightGradientKernel.OneSample(w.F6Gradient, w.C5Transposed, Stride, C5Outputs, F6Outputs, s, g + F6Weights, g + F6Bias);
                DenseWeightGradientKernel.OneSample(w.OutputGradient, w.F6Transposed, Stride, F6Outputs, Classes, s, g + OutWeights, g + OutBias);
            }
        }
    }

    /// <summary>Forward only: each sample's loss and argmax prediction.</summary>
    public void Evaluate(ReadOnlySpan<float> parameters, ReadOnlySpan<byte> images, ReadOnlySpan<byte> labels, int count,
        Span<float> losses, Span<byte> predictions)
    {
        Validate(parameters, images, labels, count, losses, predictions);
        fixed (float* p = parameters)
        fixed (byte* x = images, y = labels, prediction = predictions)
        fixed (float* loss = losses)
        {
            Forward(p, x, y, count, loss, prediction, training: false);
        }
    }

    private void Forward(float* p, byte* images, byte* labels, int count, float* losses, byte* predictions, bool training)
    {
        LaneWorkspace w = _work;
        InputLanesKernel.Load(images, count, w.Input);
        ConvolutionC1Kernel.Forward(w.Input, p + C1Kernel, p + C1Bias, training ? w.C1 : null, w.S2);
        ConvolutionC3Kernel.TransposeKernel(p + C3Kernel, w.C3KernelTransposed);
        ConvolutionC3Kernel.Forward(w.S2, w.C3KernelTransposed, p + C3Bias, w.C3);
        TanhAveragePoolKernel.Forward(w.C3, 16, 10, w.S4);
        DenseLaneKernel.Forward(p + C5Kernel, p + C5Bias, w.S4, C5Inputs, C5Outputs, w.C5);
        DenseLaneKernel.Tanh(w.C5, C5Outputs);
        DenseLaneKernel.Forward(p + F6Weights, p + F6Bias, w.C5, C5Outputs, F6Outputs, w.F6);
        DenseLaneKernel.Sigmoid(w.F6, F6Outputs);
        DenseLaneKernel.Forward(p + OutWeights, p + OutBias, w.F6, F6Outputs, Classes, w.Logits);
        SoftmaxCrossEntropyKernel.Apply(w.Logits, labels, count, losses, predictions, training ? w.OutputGradient : null);
    }

    // From dL/dlogits (left by Forward) to per-lane convolution gradient sums, the dense layers' pre-activation
    // gradients, and sample-major copies of the dense layers' inputs.
    private void Backward(float* p)
    {
        LaneWorkspace w = _work;
        DenseLaneKernel.InputGradient(p + OutWeights, w.OutputGradient, F6Outputs, Classes, w.F6Gradient);
        DenseLaneKernel.SigmoidBackward(w.F6, w.F6Gradient, F6Outputs);
        DenseLaneKernel.InputGradient(p + F6Weights, w.F6Gradient, C5Outputs, F6Outputs, w.C5Gradient);
        DenseLaneKernel.TanhBackward(w.C5, w.C5Gradient, C5Outputs);
        DenseLaneKernel.InputGradient(p + C5Kernel, w.C5Gradient, C5Inputs, C5Outputs, w.S4Gradient);

        float* sums = w.ConvolutionSums;
        ConvolutionC3Kernel.PreActivationGradient(w.C3, w.S4Gradient, w.C3Gradient, sums + (C3Bias - C1Kernel) * LaneWorkspace.Lanes);
        ConvolutionC3Kernel.WeightGradient(w.S2, w.C3Gradient, sums + (C3Kernel - C1Kernel) * LaneWorkspace.Lanes);
        ConvolutionC3Kernel.InputGradient(w.C3Gradient, p + C3Kernel, w.S2Gradient);
        ConvolutionC1Kernel.WeightGradient(w.Input, w.C1, w.S2Gradient, w.C1GradientRow, sums);

        LaneTranspose.ToSampleMajor(w.S4, C5Inputs, w.S4Transposed, Stride);
        LaneTranspose.ToSampleMajor(w.C5, C5Outputs, w.C5Transposed, Stride);
        LaneTranspose.ToSampleMajor(w.F6, F6Outputs, w.F6Transposed, Stride);
    }

    private static void Validate(ReadOnlySpan<float> parameters, ReadOnlySpan<byte> images, ReadOnlySpan<byte> labels, int count,
        Span<float> losses, Span<byte> predictions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, GroupSize);
        if (parameters.Length != ParameterLayout.Count)
        {
            throw new ArgumentException($"the parameters hold {ParameterLayout.Count} floats", nameof(parameters));
        }
        if (images.Length < count * ParameterLayout.ImagePixels)
        {
            throw new ArgumentException($"{count} images need {count * ParameterLayout.ImagePixels} bytes", nameof(images));
        }
        if (labels.Length < count)
        {
            throw new ArgumentException($"{count} samples need {count} labels", nameof(labels));
        }
        for (int s = 0; s < count; s++)
        {
            if (labels[s] >= ParameterLayout.Classes)
            {
                throw new ArgumentException($"label {labels[s]} of sample {s} is not a class 0..9", nameof(labels));
            }
        }
        if (losses.Length < count)
        {
            throw new ArgumentException($"{count} samples need {count} losses", nameof(losses));
        }
        if (predictions.Length < count)
        {
            throw new ArgumentException($"{count} samples need {count} predictions", nameof(predictions));
        }
    }
}
