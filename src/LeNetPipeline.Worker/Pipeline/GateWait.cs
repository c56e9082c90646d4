// One step of a blocking wait on a monitor that a run's cancellation can end: used by the version gate and the
// parallelism limit. It polls the token instead of registering a callback on it, which would allocate per wait.
namespace LeNetPipeline.Worker.Pipeline;

internal static class GateWait
{
    // Far below anything a user notices when stopping; far above the microseconds a wake-up costs.
    private static readonly TimeSpan CancellationPoll = TimeSpan.FromMilliseconds(50);

    /// <summary>Call with <paramref name="gate"/> locked, in a loop on the awaited condition: throws if cancelled, else waits for a pulse or the poll.</summary>
    public static void Step(object gate, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        Monitor.Wait(gate, CancellationPoll);
    }
}
