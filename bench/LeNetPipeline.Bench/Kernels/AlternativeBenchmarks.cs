// The kernel's layout against its alternatives, per sample, on the same data: the lane layout (one Vector512 lane per sample),
// direct convolution of one sample vectorised along rows, and im2col + GEMM of one sample; for C1 (with tanh)
// and C3 (pre-activations), and the whole training step against the scalar per-sample baseline.
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using LeNetPipeline.Bench.Kernels.Alternatives;
using LeNetPipeline.Model;
using LeNetPipeline.Model.Kernels;

namespace LeNetPipeline.Bench.Kernels;

[Config(typeof(KernelBenchmarkConfig))]
public unsafe class AlternativeBenchmarks
{
    private const int Group = BenchmarkInputs.Group;
    private const int PaddedImage = 32 * DirectConvolution.InputStride + 16;
    private const int S2Floats = 6 * 14 * 14 + 16;
    private const int OutputFloats = 6 * 28 * 32; // the largest: direct C1's 6 maps of 28 rows x 32 columns

    private readonly BenchmarkInputs _inputs = new();
    private readonly SampleGroupKernel _kernel = new();
    private readonly ScalarSampleNetwork _scalar = new();
    private readonly float[] _gradient = new float[ParameterLayout.Mnist.Count];
    private readonly float[] _losses = new float[Group];
    private readonly byte[] _predictions = new byte[Group];
    private float[] _parameters = [];
    private float[] _scratch = [];
    private LaneWorkspace _w = null!;
    private float* _p;
    private float* _images;   // 16 padded images, one after the other
    private float* _s2;       // 16 S2 maps
    private float* _columns;  // im2col matrix
    private float* _output;   // one sample's convolution output

    [GlobalSetup]
    public void Setup()
    {
        _parameters = GC.AllocateArray<float>(ParameterLayout.Mnist.Count, pinned: true);
        _inputs.Parameters.CopyTo(_parameters, 0);
        _kernel.Train(_parameters, _inputs.Images, _inputs.Labels, Group, _gradient, _losses, _predictions);
        _w = _kernel.Workspace;
        _scratch = GC.AllocateArray<float>(Group * (PaddedImage + S2Floats) + 25 * Im2ColConvolution.C1Positions + OutputFloats + 16, pinned: true);
        fixed (float* p = _parameters, scratch = _scratch)
        {
            _p = p; // pinned arrays: the pointers stay valid
            float* aligned = (float*)(((nint)scratch + 63) & ~(nint)63);
            _images = aligned;
            _s2 = _images + Group * PaddedImage;
            _columns = _s2 + Group * S2Floats;
            _output = _columns + 25 * Im2ColConvolution.C1Positions;
        }
        for (int s = 0; s < Group; s++)
        {
            for (int p = 0; p < ParameterLayout.ImagePixels; p++)
            {
                _images[s * PaddedImage + (p / 28 + 2) * DirectConvolution.InputStride + p % 28 + 2] = _inputs.Images[s * 784 + p] / 255f;
            }
            for (int e = 0; e < 6 * 14 * 14; e++)
            {
                _s2[s * S2Floats + e] = _w.S2[e * LaneWorkspace.Lanes + s];
            }
        }
    }

    private float* C1Kernel => _p + ParameterLayout.Mnist.C1Kernel.Offset;

    private float* C1Bias => _p + ParameterLayout.Mnist.C1Bias.Offset;

    private float* C3Bias => _p + ParameterLayout.Mnist.C3Bias.Offset;

    [Benchmark(OperationsPerInvoke = Group, Description = "C1+tanh: lane layout (with S2 pool)")]
    public void C1Lanes() => ConvolutionC1Kernel<Vector512<float>, Lanes512>.Forward(_w.Input, C1Kernel, C1Bias, _w.C1, _w.S2);

    [Benchmark(OperationsPerInvoke = Group, Description = "C1+tanh: direct per sample (no pool)")]
    public void C1Direct()
    {
        for (int s = 0; s < Group; s++)
        {
            DirectConvolution.C1(_images + s * PaddedImage, C1Kernel, C1Bias, _output);
        }
    }

    [Benchmark(OperationsPerInvoke = Group, Description = "C1+tanh: im2col + GEMM per sample (no pool)")]
    public void C1Im2Col()
    {
        for (int s = 0; s < Group; s++)
        {
            Im2ColConvolution.C1(_images + s * PaddedImage, C1Kernel, C1Bias, _columns, _output);
        }
    }

    [Benchmark(OperationsPerInvoke = Group, Description = "C3: lane layout")]
    public void C3Lanes()
    {
        ConvolutionC3Kernel<Vector512<float>, Lanes512>.TransposeKernel(_p + ParameterLayout.Mnist.C3Kernel.Offset, _w.C3KernelTransposed);
        ConvolutionC3Kernel<Vector512<float>, Lanes512>.Forward(_w.S2, _w.C3KernelTransposed, C3Bias, _w.C3);
    }

    [Benchmark(OperationsPerInvoke = Group, Description = "C3: direct per sample")]
    public void C3Direct()
    {
        ConvolutionC3Kernel<Vector512<float>, Lanes512>.TransposeKernel(_p + ParameterLayout.Mnist.C3Kernel.Offset, _w.C3KernelTransposed);
        for (int s = 0; s < Group; s++)
        {
            DirectConvolution.C3(_s2 + s * S2Floats, _w.C3KernelTransposed, C3Bias, _output);
        }
    }

    [Benchmark(OperationsPerInvoke = Group, Description = "C3: im2col + GEMM per sample")]
    public void C3Im2Col()
    {
        ConvolutionC3Kernel<Vector512<float>, Lanes512>.TransposeKernel(_p + ParameterLayout.Mnist.C3Kernel.Offset, _w.C3KernelTransposed);
        for (int s = 0; s < Group; s++)
        {
            Im2ColConvolution.C3(_s2 + s * S2Floats, _w.C3KernelTransposed, C3Bias, _columns, _output);
        }
    }

    [Benchmark(OperationsPerInvoke = Group, Description = "Train step: lane layout")]
    public void TrainLanes() =>
        _kernel.Train(_parameters, _inputs.Images, _inputs.Labels, Group, _gradient, _losses, _predictions);

    [Benchmark(OperationsPerInvoke = Group, Description = "Train step: scalar per sample")]
    public void TrainScalar()
    {
        for (int s = 0; s < Group; s++)
        {
            _losses[s] = _scalar.Train(_parameters, _inputs.Images.AsSpan(s * 784, 784), _inputs.Labels[s], _gradient, out _predictions[s]);
        }
    }
}
