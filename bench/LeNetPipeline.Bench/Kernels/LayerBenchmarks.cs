// Each step of SampleGroupKernel alone on a full group, on the buffers a Train call left (512-bit lanes), per
// sample: where the time of a training step goes. The steps add up to one Train call.
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using LeNetPipeline.Model;
using LeNetPipeline.Model.Kernels;

namespace LeNetPipeline.Bench.Kernels;

[Config(typeof(KernelBenchmarkConfig))]
public unsafe class LayerBenchmarks
{
    private const int Group = BenchmarkInputs.Group;
    private const int L = LaneWorkspace.Lanes;
    private const int Stride = LaneWorkspace.TransposedStride;

    private readonly BenchmarkInputs _inputs = new();
    private readonly SampleGroupKernel _kernel = new();
    private readonly float[] _gradient = GC.AllocateArray<float>(ParameterLayout.Mnist.Count, pinned: true);
    private float[] _parameters = [];
    private LaneWorkspace _w = null!;
    private float* _p;
    private float* _g;

    [GlobalSetup]
    public void Setup()
    {
        _parameters = GC.AllocateArray<float>(ParameterLayout.Mnist.Count, pinned: true);
        _inputs.Parameters.CopyTo(_parameters, 0);
        _kernel.Train(_parameters, _inputs.Images, _inputs.Labels, Group, _gradient, new float[Group], new byte[Group]);
        _w = _kernel.Workspace;
        fixed (float* p = _parameters, g = _gradient)
        {
            _p = p; // pinned arrays: the pointers stay valid
            _g = g;
        }
    }

    private static int Offset(ParameterTensor tensor) => tensor.Offset;

    [Benchmark(OperationsPerInvoke = Group, Description = "input: bytes to padded lanes")]
    public void Input()
    {
        fixed (byte* images = _inputs.Images)
        {
            InputLanesKernel.Load(images, Group, _w.Input);
        }
    }

    [Benchmark(OperationsPerInvoke = Group, Description = "C1 + tanh + S2 forward")]
    public void C1Forward() =>
        ConvolutionC1Kernel<Vector512<float>, Lanes512>.Forward(_w.Input, _p + Offset(ParameterLayout.Mnist.C1Kernel), _p + Offset(ParameterLayout.Mnist.C1Bias), _w.C1, _w.S2);

    [Benchmark(OperationsPerInvoke = Group, Description = "C3 forward (with kernel reorder)")]
    public void C3Forward()
    {
        ConvolutionC3Kernel<Vector512<float>, Lanes512>.TransposeKernel(_p + Offset(ParameterLayout.Mnist.C3Kernel), _w.C3KernelTransposed);
        ConvolutionC3Kernel<Vector512<float>, Lanes512>.Forward(_w.S2, _w.C3KernelTransposed, _p + Offset(ParameterLayout.Mnist.C3Bias), _w.C3);
    }

    [Benchmark(OperationsPerInvoke = Group, Description = "tanh + S4 forward")]
    public void S4Forward() =>
        // Over and over on its own output (tanh of tanh): the values change, the work does not.
        TanhAveragePoolKernel<Vector512<float>, Lanes512>.Forward(_w.C3, 16, 10, _w.S4);

    [Benchmark(OperationsPerInvoke = Group, Description = "C5 + F6 + out forward, softmax")]
    public void DenseForward()
    {
        DenseLaneKernel<Vector512<float>, Lanes512>.Forward(_p + Offset(ParameterLayout.Mnist.C5Kernel), _p + Offset(ParameterLayout.Mnist.C5Bias), _w.S4, 400, 120, _w.C5);
        DenseLaneKernel<Vector512<float>, Lanes512>.Tanh(_w.C5, 120);
        DenseLaneKernel<Vector512<float>, Lanes512>.Forward(_p + Offset(ParameterLayout.Mnist.F6Weights), _p + Offset(ParameterLayout.Mnist.F6Bias), _w.C5, 120, 84, _w.F6);
        DenseLaneKernel<Vector512<float>, Lanes512>.Sigmoid(_w.F6, 84);
        DenseLaneKernel<Vector512<float>, Lanes512>.Forward(_p + Offset(ParameterLayout.Mnist.OutWeights), _p + Offset(ParameterLayout.Mnist.OutBias), _w.F6, 84, 10, _w.Logits);
        SoftmaxCrossEntropyKernel<Vector512<float>, Lanes512>.Apply(_w.Classes, _w.Logits, _w.Labels, _w.Losses, _w.Predictions, _w.OutputGradient);
    }

    [Benchmark(OperationsPerInvoke = Group, Description = "out + F6 + C5 input gradients")]
    public void DenseBackward()
    {
        DenseLaneKernel<Vector512<float>, Lanes512>.InputGradient(_p + Offset(ParameterLayout.Mnist.OutWeights), _w.OutputGradient, 84, 10, _w.F6Gradient);
        DenseLaneKernel<Vector512<float>, Lanes512>.SigmoidBackward(_w.F6, _w.F6Gradient, 84);
        DenseLaneKernel<Vector512<float>, Lanes512>.InputGradient(_p + Offset(ParameterLayout.Mnist.F6Weights), _w.F6Gradient, 120, 84, _w.C5Gradient);
        DenseLaneKernel<Vector512<float>, Lanes512>.TanhBackward(_w.C5, _w.C5Gradient, 120);
        DenseLaneKernel<Vector512<float>, Lanes512>.InputGradient(_p + Offset(ParameterLayout.Mnist.C5Kernel), _w.C5Gradient, 400, 120, _w.S4Gradient);
    }

    [Benchmark(OperationsPerInvoke = Group, Description = "C3 dZ (S4 and tanh backward)")]
    public void C3PreActivationGradient() =>
        ConvolutionC3Kernel<Vector512<float>, Lanes512>.PreActivationGradient(_w.C3, _w.S4Gradient, _w.C3Gradient,
            _w.ConvolutionSums + (Offset(ParameterLayout.Mnist.C3Bias) - Offset(ParameterLayout.Mnist.C1Kernel)) * L);

    [Benchmark(OperationsPerInvoke = Group, Description = "C3 weight gradient")]
    public void C3WeightGradient() =>
        ConvolutionC3Kernel<Vector512<float>, Lanes512>.WeightGradient(_w.S2, _w.C3Gradient,
            _w.ConvolutionSums + (Offset(ParameterLayout.Mnist.C3Kernel) - Offset(ParameterLayout.Mnist.C1Kernel)) * L);

    [Benchmark(OperationsPerInvoke = Group, Description = "C3 input gradient")]
    public void C3InputGradient() =>
        ConvolutionC3Kernel<Vector512<float>, Lanes512>.InputGradient(_w.C3Gradient, _p + Offset(ParameterLayout.Mnist.C3Kernel), _w.S2Gradient);

    [Benchmark(OperationsPerInvoke = Group, Description = "C1 weight gradient (S2, tanh backward)")]
    public void C1WeightGradient() =>
        ConvolutionC1Kernel<Vector512<float>, Lanes512>.WeightGradient(_w.Input, _w.C1, _w.S2Gradient, _w.C1GradientRow, _w.ConvolutionSums);

    [Benchmark(OperationsPerInvoke = Group, Description = "dense inputs to sample-major")]
    public void Transposes()
    {
        LaneTranspose.ToSampleMajor(_w.S4, 400, _w.S4Transposed, Stride);
        LaneTranspose.ToSampleMajor(_w.C5, 120, _w.C5Transposed, Stride);
        LaneTranspose.ToSampleMajor(_w.F6, 84, _w.F6Transposed, Stride);
    }

    [Benchmark(OperationsPerInvoke = Group, Description = "conv gradients: sum over lanes")]
    public void ConvolutionLaneSums() =>
        LaneTranspose.SumLanes(_w.ConvolutionSums, LaneWorkspace.ConvolutionGradientRows, Group, _g);

    [Benchmark(OperationsPerInvoke = Group, Description = "dense weight gradients: sum over samples")]
    public void DenseWeightGradients()
    {
        DenseWeightGradientKernel<Vector512<float>, Lanes512>.SumOverSamples(_w.C5Gradient, _w.S4Transposed, Stride, 400, 120, Group,
            _g + Offset(ParameterLayout.Mnist.C5Kernel), _g + Offset(ParameterLayout.Mnist.C5Bias));
        DenseWeightGradientKernel<Vector512<float>, Lanes512>.SumOverSamples(_w.F6Gradient, _w.C5Transposed, Stride, 120, 84, Group,
            _g + Offset(ParameterLayout.Mnist.F6Weights), _g + Offset(ParameterLayout.Mnist.F6Bias));
        DenseWeightGradientKernel<Vector512<float>, Lanes512>.SumOverSamples(_w.OutputGradient, _w.F6Transposed, Stride, 84, 10, Group,
            _g + Offset(ParameterLayout.Mnist.OutWeights), _g + Offset(ParameterLayout.Mnist.OutBias));
    }
}
