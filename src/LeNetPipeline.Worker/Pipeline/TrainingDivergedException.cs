// The optimizer's refusal to go on from a loss or weights that are no longer finite numbers.
namespace LeNetPipeline.Worker.Pipeline;

/// <summary>The loss or the weights stopped being finite numbers.</summary>
public sealed class TrainingDivergedException(int epoch, int batch, string what)
    : Exception($"training diverged at epoch {epoch}, batch {batch}: {what}; lower Training:LearningRate (the last good checkpoint is kept)")
{
    public int Epoch { get; } = epoch;

    public int Batch { get; } = batch;
}
