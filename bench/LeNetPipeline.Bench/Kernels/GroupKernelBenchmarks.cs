// SampleGroupKernel as the pipeline calls it, per sample: Train and TrainPerSample on a full group, Train on a
// group of one (what a slice size of 1 costs), Evaluate on a full group; and, as the yardstick, the time this
// core needs for one training sample's 70,748 Vector512 multiply-adds at its peak (no loads, no dependencies).
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using LeNetPipeline.Model;
using LeNetPipeline.Model.Kernels;

namespace LeNetPipeline.Bench.Kernels;

[Config(typeof(KernelBenchmarkConfig))]
public class GroupKernelBenchmarks
{
    private const int Group = BenchmarkInputs.Group;
    private readonly BenchmarkInputs _inputs = new();
    private readonly SampleGroupKernel _kernel = new();
    private readonly float[] _gradient = new float[ParameterLayout.Mnist.Count];
    private readonly float[] _perSample = new float[Group * ParameterLayout.Mnist.Count];
    private readonly float[] _losses = new float[Group];
    private readonly byte[] _predictions = new byte[Group];

    [Benchmark(OperationsPerInvoke = Group, Description = "Train, full group (per sample)")]
    public void TrainGroup() =>
        _kernel.Train(_inputs.Parameters, _inputs.Images, _inputs.Labels, Group, _gradient, _losses, _predictions);

    [Benchmark(OperationsPerInvoke = Group, Description = "TrainPerSample, full group (per sample)")]
    public void TrainPerSampleGroup() =>
        _kernel.TrainPerSample(_inputs.Parameters, _inputs.Images, _inputs.Labels, Group, _perSample, _losses, _predictions);

    [Benchmark(Description = "Train, group of one")]
    public void TrainOne() =>
        _kernel.Train(_inputs.Parameters, _inputs.Images, _inputs.Labels, 1, _gradient, _losses, _predictions);

    [Benchmark(OperationsPerInvoke = Group, Description = "Evaluate, full group (per sample)")]
    public void EvaluateGroup() =>
        _kernel.Evaluate(_inputs.Parameters, _inputs.Images, _inputs.Labels, Group, _losses, _predictions);

    [Benchmark(OperationsPerInvoke = Group, Description = "FMA peak: a training sample's multiply-adds")]
    public float FmaPeak() => PeakMultiplyAdds(1_131_960 / 12);

    // Twelve independent chains: more than FMA latency x throughput (4 x 2), so only the FMA ports limit it.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float PeakMultiplyAdds(int rounds)
    {
        Vector512<float> m = Vector512.Create(0.999f), c = Vector512.Create(1e-7f);
        Vector512<float> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m, a10 = m, a11 = m;
        for (int i = 0; i < rounds; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c);
            a1 = Vector512.FusedMultiplyAdd(a1, m, c);
            a2 = Vector512.FusedMultiplyAdd(a2, m, c);
            a3 = Vector512.FusedMultiplyAdd(a3, m, c);
            a4 = Vector512.FusedMultiplyAdd(a4, m, c);
            a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c);
            a7 = Vector512.FusedMultiplyAdd(a7, m, c);
            a8 = Vector512.FusedMultiplyAdd(a8, m, c);
            a9 = Vector512.FusedMultiplyAdd(a9, m, c);
            a10 = Vector512.FusedMultiplyAdd(a10, m, c);
            a11 = Vector512.FusedMultiplyAdd(a11, m, c);
        }
        return (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11).ToScalar();
    }
}
