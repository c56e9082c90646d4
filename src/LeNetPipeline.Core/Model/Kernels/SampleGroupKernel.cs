// Forward and backward of LeNet-5 for a group of up to 16 samples; one instance per compute worker.
// Invariant: each sample's gradient g_s is computed independently of the others in the group (one vector lane
// per sample, the same operations in every lane), and Train's sum is exactly acc = g_0; acc += g_1; ... in sample
// order, so it equals, bit for bit, the aggregator's rebuild of a group sum from TrainPerSample's g_s.
using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace LeNetPipeline.Model.Kernels;

/// <summary>
/// LeNet-5 forward and backward for up to <see cref="GroupSize"/> samples at once, one vector lane per sample.
/// Owns its buffers (allocated once, nothing allocated per call); not thread-safe: one instance per worker.
/// Uses the widest vectors the machine accelerates (512, 256 or 128 bits), so results are deterministic on one
/// machine and may differ in the last bits between machines.
/// </summary>
public sealed unsafe class SampleGroupKernel
{
    public const int GroupSize = 16;

    private const int C5Inputs = 400;
    private const int C5Outputs = 120;
    private const int F6Outputs = 84;
    private const int Stride = LaneWorkspace.TransposedStride;

    // Offsets in the flat parameter (and gradient) buffer; all but out_bias's are the same for every class count.
    private static readonly int C3Kernel = ParameterLayout.Mnist.C3Kernel.Offset;
    private static readonly int C5Kernel = ParameterLayout.Mnist.C5Kernel.Offset, C5Bias = ParameterLayout.Mnist.C5Bias.Offset;
    private static readonly int F6Weights = ParameterLayout.Mnist.F6Weights.Offset, F6Bias = ParameterLayout.Mnist.F6Bias.Offset;
    private const int OutWeights = ParameterLayout.OutWeightsOffset;

    private readonly ParameterLayout _layout;
    private readonly int _classes;
    private readonly int _outBias;
    private readonly LaneWorkspace _work;

    /// <summary>A kernel for MNIST's ten classes.</summary>
    public SampleGroupKernel()
        : this(ParameterLayout.Mnist)
    {
    }

    /// <summary>A kernel for the classes of <paramref name="layout"/>.</summary>
    public SampleGroupKernel(ParameterLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _layout = layout;
        _classes = layout.Classes;
        _outBias = layout.OutBias.Offset;
        _work = new LaneWorkspace(layout.Classes);
    }

    /// <summary>The parameter layout this kernel reads and writes.</summary>
    public ParameterLayout Layout => _layout;

    /// <summary>The buffers of the last call, for the per-layer benchmarks.</summary>
    internal LaneWorkspace Workspace => _work;

    /// <summary>
    /// Called in every forward pass between the convolution layers and the dense ones, before any weight of C5, F6
    /// or the output layer is read: a caller whose dense weights are still being written waits here (the
    /// pipeline overlaps the update of those weights with the next batch's convolutions).
    /// </summary>
    public Action? BeforeDenseLayers { get; set; }

    /// <summary>
    /// Forward and backward for <paramref name="count"/> samples; <paramref name="gradient"/> is overwritten with
    /// the sequential (sample-order) float sum of the samples' gradients.
    /// </summary>
    public void Train(ReadOnlySpan<float> parameters, ReadOnlySpan<byte> images, ReadOnlySpan<byte> labels, int count,
        Span<float> gradient, Span<float> losses, Span<byte> predictions)
    {
        Validate(parameters, images, labels, count, losses, predictions);
        if (gradient.Length != _layout.Count)
        {
            throw new ArgumentException($"the gradient holds {_layout.Count} floats", nameof(gradient));
        }

        fixed (float* p = parameters)
        fixed (byte* x = images, y = labels, prediction = predictions)
        fixed (float* g = gradient, loss = losses)
        {
            TrainAtWidestVector(p, x, y, count, loss, prediction, g, null);
        }
    }

    /// <summary>As <see cref="Train"/>, but writes sample s's gradient to perSampleGradients[s*Count, (s+1)*Count).</summary>
    public void TrainPerSample(ReadOnlySpan<float> parameters, ReadOnlySpan<byte> images, ReadOnlySpan<byte> labels, int count,
        Span<float> perSampleGradients, Span<float> losses, Span<byte> predictions)
    {
        Validate(parameters, images, labels, count, losses, predictions);
        if (perSampleGradients.Length < count * _layout.Count)
        {
            throw new ArgumentException($"per-sample gradients need count x {_layout.Count} floats", nameof(perSampleGradients));
        }

        fixed (float* p = parameters)
        fixed (byte* x = images, y = labels, prediction = predictions)
        fixed (float* gradients = perSampleGradients, loss = losses)
        {
            TrainAtWidestVector(p, x, y, count, loss, prediction, null, gradients);
        }
    }

    // The widest accelerated vector: a JIT-time constant, so one machine always takes the same path.
    private void TrainAtWidestVector(float* p, byte* x, byte* y, int count, float* loss, byte* prediction, float* sum, float* perSample)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Train<Vector512<float>, Lanes512>(p, x, y, count, loss, prediction, sum, perSample);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Train<Vector256<float>, Lanes256>(p, x, y, count, loss, prediction, sum, perSample);
        }
        else
        {
            Train<Vector128<float>, Lanes128>(p, x, y, count, loss, prediction, sum, perSample);
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
            if (Vector512.IsHardwareAccelerated)
            {
                Forward<Vector512<float>, Lanes512>(p, x, y, count, loss, prediction, training: false);
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                Forward<Vector256<float>, Lanes256>(p, x, y, count, loss, prediction, training: false);
            }
            else
            {
                Forward<Vector128<float>, Lanes128>(p, x, y, count, loss, prediction, training: false);
            }
        }
    }

    // Forward and backward, then either the group sum (into groupGradient) or each sample's own gradient (into
    // perSampleGradients): the same per-lane values either way, so the two agree bit for bit.
    private void Train<TV, TO>(float* p, byte* images, byte* labels, int count, float* losses, byte* predictions,
        float* groupGradient, float* perSampleGradients)
        where TV : unmanaged
        where TO : ILaneOps<TV>
    {
        LaneWorkspace w = _work;
        Forward<TV, TO>(p, images, labels, count, losses, predictions, training: true);
        for (int lane = 0; lane < LaneWorkspace.Lanes; lane += TO.Count)
        {
            LaneNetwork<TV, TO>.Backward(w, p, lane);
        }
        LaneTranspose.ToSampleMajor(w.S4, C5Inputs, w.S4Transposed, Stride);
        LaneTranspose.ToSampleMajor(w.C5, C5Outputs, w.C5Transposed, Stride);
        LaneTranspose.ToSampleMajor(w.F6, F6Outputs, w.F6Transposed, Stride);

        // The per-lane convolution sums map row for row onto the start of the gradient buffer.
        Debug.Assert(ParameterLayout.Mnist.C1Kernel.Offset == 0 && C5Kernel == LaneWorkspace.ConvolutionGradientRows);
        if (groupGradient != null)
        {
            float* g = groupGradient;
            LaneTranspose.SumLanes(w.ConvolutionSums, LaneWorkspace.ConvolutionGradientRows, count, g);
            DenseWeightGradientKernel<TV, TO>.SumOverSamples(w.C5Gradient, w.S4Transposed, Stride, C5Inputs, C5Outputs, count, g + C5Kernel, g + C5Bias);
            DenseWeightGradientKernel<TV, TO>.SumOverSamples(w.F6Gradient, w.C5Transposed, Stride, C5Outputs, F6Outputs, count, g + F6Weights, g + F6Bias);
            DenseWeightGradientKernel<TV, TO>.SumOverSamples(w.OutputGradient, w.F6Transposed, Stride, F6Outputs, _classes, count, g + OutWeights, g + _outBias);
            return;
        }
        for (int s = 0; s < count; s++)
        {
            float* g = perSampleGradients + (nint)s * _layout.Count;
            LaneTranspose.CopyLane(w.ConvolutionSums, LaneWorkspace.ConvolutionGradientRows, s, g);
            DenseWeightGradientKernel<TV, TO>.OneSample(w.C5Gradient, w.S4Transposed, Stride, C5Inputs, C5Outputs, s, g + C5Kernel, g + C5Bias);
            DenseWeightGradientKernel<TV, TO>.OneSample(w.F6Gradient, w.C5Transposed, Stride, C5Outputs, F6Outputs, s, g + F6Weights, g + F6Bias);
            DenseWeightGradientKernel<TV, TO>.OneSample(w.OutputGradient, w.F6Transposed, Stride, F6Outputs, _classes, s, g + OutWeights, g + _outBias);
        }
    }

    private void Forward<TV, TO>(float* p, byte* images, byte* labels, int count, float* losses, byte* predictions, bool training)
        where TV : unmanaged
        where TO : ILaneOps<TV>
    {
        LaneWorkspace w = _work;
        InputLanesKernel.Load(images, count, w.Input);
        for (int s = 0; s < LaneWorkspace.Lanes; s++)
        {
            w.Labels[s] = s < count ? labels[s] : 0f;
        }
        ConvolutionC3Kernel<TV, TO>.TransposeKernel(p + C3Kernel, w.C3KernelTransposed);
        for (int lane = 0; lane < LaneWorkspace.Lanes; lane += TO.Count)
        {
            LaneNetwork<TV, TO>.ForwardConvolutions(w, p, lane, training);
        }
        BeforeDenseLayers?.Invoke();
        for (int lane = 0; lane < LaneWorkspace.Lanes; lane += TO.Count)
        {
            LaneNetwork<TV, TO>.ForwardDense(w, p, lane, training);
        }
        for (int s = 0; s < count; s++)
        {
            losses[s] = w.Losses[s];
            predictions[s] = (byte)w.Predictions[s];
        }
    }

    private void Validate(ReadOnlySpan<float> parameters, ReadOnlySpan<byte> images, ReadOnlySpan<byte> labels, int count,
        Span<float> losses, Span<byte> predictions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, GroupSize);
        if (parameters.Length != _layout.Count)
        {
            throw new ArgumentException($"the parameters hold {_layout.Count} floats", nameof(parameters));
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
            if (labels[s] >= _classes)
            {
                throw new ArgumentException($"label {labels[s]} of sample {s} is not a class 0..{_classes - 1}", nameof(labels));
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
