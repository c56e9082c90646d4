// Settings of section "Pipeline": how the Dataflow graph runs. None of them changes the result (docs/architecture.md, The same bits for any parallelism).
using Microsoft.Extensions.Options;

namespace LeNetPipeline.Worker.Options;

public sealed class PipelineOptions
{
    public const string Section = "Pipeline";

    /// <summary>Compute stages running at once; 0 = processor count. Re-read at every epoch boundary.</summary>
    public int ComputeParallelism { get; set; }

    /// <summary>Samples per compute message. Multiples of 16 use the fast grouped path.</summary>
    public int SliceSize { get; set; } = 16;

    /// <summary>Messages each block may hold.</summary>
    public int BoundedCapacity { get; set; } = 8;

    public int EffectiveParallelism => ComputeParallelism == 0 ? Environment.ProcessorCount : ComputeParallelism;
}
