// Epochs -> Shuffle: one epoch to run. Immutable, shared by the stages that read it.
using LeNetPipeline.Data;

namespace LeNetPipeline.Worker.Pipeline;

/// <summary>One epoch to run (1-based), starting at batch FirstBatch (non-zero after a resume).</summary>
internal sealed record EpochWork(int Epoch, LabelledImages Train, LabelledImages Test, int FirstBatch)
{
    /// <summary>The test set's order (always 0..n-1), made once per run and shared by every epoch's evaluation.</summary>
    public required int[] TestOrder { get; init; }
}
