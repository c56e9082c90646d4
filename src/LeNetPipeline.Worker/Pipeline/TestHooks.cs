// Hooks that tests set and production leaves null: the one place the pipeline lets a test reach into a run.
namespace LeNetPipeline.Worker.Pipeline;

internal sealed class TestHooks
{
    /// <summary>
    /// Runs on a compute worker before each slice is computed, once its weights are ready: a test injects a fault
    /// here, or holds the pipeline still by blocking (the other workers then stop at the version gate).
    /// </summary>
    public Action<Slice>? BeforeComputeSlice { get; init; }
}
