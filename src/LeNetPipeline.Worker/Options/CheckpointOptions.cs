// Settings of section "Checkpoint": how often the resume checkpoint is written, and where a run resumes from.
using Microsoft.Extensions.Options;

namespace LeNetPipeline.Worker.Options;

public sealed class CheckpointOptions
{
    public const string Section = "Checkpoint";

    /// <summary>Write the resume checkpoint every this many batches (0 = only at epoch ends and on stop).</summary>
    public int EveryBatches { get; set; }

    /// <summary>A checkpoint to continue from; empty = start afresh.</summary>
    public string ResumeFrom { get; set; } = "";
}
