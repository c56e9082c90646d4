// A compute worker's kernel, whose forward pass waits for the dense layers' weights of the slice's version: the
// second step of the version gate (WeightStore).
using LeNetPipeline.Model;
using LeNetPipeline.Model.Kernels;

namespace LeNetPipeline.Worker.Pipeline;

internal sealed class GatedKernel
{
    public GatedKernel(WeightStore weights, CancellationToken cancellation) =>
        // One delegate per kernel, made once: nothing is allocated per slice.
        Kernel = new SampleGroupKernel(ParameterLayout.ForCount(weights.Parameters.Length) ?? ParameterLayout.Mnist) { BeforeDenseLayers = () => weights.WaitForVersion(RequiredVersion, cancellation) };

    public SampleGroupKernel Kernel { get; }

    public long RequiredVersion { get; set; }
}
