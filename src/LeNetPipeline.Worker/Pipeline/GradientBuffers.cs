// The pools of gradient buffers that compute rents and the aggregator and optimizer give back: each buffer is a
// whole parameter vector (large-object heap), so reusing them keeps a steady-state epoch free of allocation.
using LeNetPipeline.Model.Kernels;

namespace LeNetPipeline.Worker.Pipeline;

/// <param name="parameterCount">The length of the parameter vector: the layout's count for the data's classes.</param>
internal sealed class GradientBuffers(int parameterCount)
{
    public int ParameterCount => parameterCount;

    public ObjectPool<float[]> Group { get; } = new(() => new float[parameterCount]);

    /// <summary>Up to 16 per-sample gradients, back to back.</summary>
    public ObjectPool<float[]> Samples { get; } = new(() => new float[SampleGroupKernel.GroupSize * parameterCount]);
}
