// LeNet-5's layer sequence over the lanes one vector covers (all 16 with Vector512; with narrower vectors the
// group runs as 2 or 4 slices of lanes), on a LaneWorkspace: forward to losses, backward to per-lane
// convolution gradient sums and the dense layers' pre-activation gradients.
// Invariant: every step is lane-wise, so slices of lanes are independent and a sample's values never depend on
// its lane, its slice or the vector width's slicing.
namespace LeNetPipeline.Model.Kernels;

internal static unsafe class LaneNetwork<TV, TO>
    where TV : unmanaged
    where TO : ILaneOps<TV>
{
    private const int L = LaneWorkspace.Lanes;
    private const int C5Inputs = 400;
    private const int C5Outputs = 120;
    private const int F6Outputs = 84;

    private static readonly int C1Kernel = ParameterLayout.Mnist.C1Kernel.Offset, C1Bias = ParameterLayout.Mnist.C1Bias.Offset;
    private static readonly int C3Bias = ParameterLayout.Mnist.C3Bias.Offset, C3Kernel = ParameterLayout.Mnist.C3Kernel.Offset;
    private static readonly int C5Kernel = ParameterLayout.Mnist.C5Kernel.Offset, C5Bias = ParameterLayout.Mnist.C5Bias.Offset;
    private static readonly int F6Weights = ParameterLayout.Mnist.F6Weights.Offset, F6Bias = ParameterLayout.Mnist.F6Bias.Offset;
    private const int OutWeights = ParameterLayout.OutWeightsOffset;

    /// <summary>
    /// Input (and, for C3, the reordered kernel) already in w; lanes [lane, lane + TO.Count) through C1, S2, C3
    /// and S4, reading only the convolution weights (when training, C1's activations are kept for the backward pass).
    /// </summary>
    public static void ForwardConvolutions(LaneWorkspace w, float* p, int lane, bool training)
    {
        ConvolutionC1Kernel<TV, TO>.Forward(w.Input + lane, p + C1Kernel, p + C1Bias, training ? w.C1 + lane : null, w.S2 + lane);
        ConvolutionC3Kernel<TV, TO>.Forward(w.S2 + lane, w.C3KernelTransposed, p + C3Bias, w.C3 + lane);
        TanhAveragePoolKernel<TV, TO>.Forward(w.C3 + lane, 16, 10, w.S4 + lane);
    }

    /// <summary>
    /// After <see cref="ForwardConvolutions"/>: lanes [lane, lane + TO.Count) from S4 through C5, F6 and the output
    /// to losses and predictions, and to dL/dlogits when training.
    /// </summary>
    public static void ForwardDense(LaneWorkspace w, float* p, int lane, bool training)
    {
        DenseLaneKernel<TV, TO>.Forward(p + C5Kernel, p + C5Bias, w.S4 + lane, C5Inputs, C5Outputs, w.C5 + lane);
        DenseLaneKernel<TV, TO>.Tanh(w.C5 + lane, C5Outputs);
        DenseLaneKernel<TV, TO>.Forward(p + F6Weights, p + F6Bias, w.C5 + lane, C5Outputs, F6Outputs, w.F6 + lane);
        DenseLaneKernel<TV, TO>.Sigmoid(w.F6 + lane, F6Outputs);
        int classes = w.Classes;
        DenseLaneKernel<TV, TO>.Forward(p + OutWeights, p + OutWeights + F6Outputs * classes, w.F6 + lane, F6Outputs, classes, w.Logits + lane);
        SoftmaxCrossEntropyKernel<TV, TO>.Apply(classes, w.Logits + lane, w.Labels + lane, w.Losses + lane, w.Predictions + lane,
            training ? w.OutputGradient + lane : null);
    }

    /// <summary>
    /// From dL/dlogits (left by a training Forward) to the per-lane convolution gradient sums and the dense
    /// layers' pre-activation gradients, for lanes [lane, lane + TO.Count).
    /// </summary>
    public static void Backward(LaneWorkspace w, float* p, int lane)
    {
        DenseLaneKernel<TV, TO>.InputGradient(p + OutWeights, w.OutputGradient + lane, F6Outputs, w.Classes, w.F6Gradient + lane);
        DenseLaneKernel<TV, TO>.SigmoidBackward(w.F6 + lane, w.F6Gradient + lane, F6Outputs);
        DenseLaneKernel<TV, TO>.InputGradient(p + F6Weights, w.F6Gradient + lane, C5Outputs, F6Outputs, w.C5Gradient + lane);
        DenseLaneKernel<TV, TO>.TanhBackward(w.C5 + lane, w.C5Gradient + lane, C5Outputs);
        DenseLaneKernel<TV, TO>.InputGradient(p + C5Kernel, w.C5Gradient + lane, C5Inputs, C5Outputs, w.S4Gradient + lane);

        float* sums = w.ConvolutionSums + lane;
        ConvolutionC3Kernel<TV, TO>.PreActivationGradient(w.C3 + lane, w.S4Gradient + lane, w.C3Gradient + lane, sums + (C3Bias - C1Kernel) * L);
        ConvolutionC3Kernel<TV, TO>.WeightGradient(w.S2 + lane, w.C3Gradient + lane, sums + (C3Kernel - C1Kernel) * L);
        ConvolutionC3Kernel<TV, TO>.InputGradient(w.C3Gradient + lane, p + C3Kernel, w.S2Gradient + lane);
        ConvolutionC1Kernel<TV, TO>.WeightGradient(w.Input + lane, w.C1 + lane, w.S2Gradient + lane, w.C1GradientRow + lane, sums);
    }
}
