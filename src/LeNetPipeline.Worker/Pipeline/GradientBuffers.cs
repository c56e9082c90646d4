// The pools of gradient buffers that compute rents and the aggregator and optimizer give back: each buffer is a
// whole parameter vector (large-object heap), so reusing them keeps a steady-state epoch free of allocation.
using LeNetPipeline.Model;
using LeNetPipeline.Model.Kernels;

namespace LeNetPipeline.Worker.Pipeline;

internal sealed class GradientBuffers
{
    public ObjectPool<float[]> Group { get; } = new(() => new float[ParameterLayout.Count]);

    /// <summary>Up to 16 per-sample gradients, back to back.</summary>
    public ObjectPool<float[]> Samples { get; } = new(() => new float[SampleGroupKernel.GroupSize * ParameterLayout.Count]);
}
