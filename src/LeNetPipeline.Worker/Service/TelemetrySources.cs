// The meters telemetry exports: the run's own and the runtime's. Named by the composition root, which knows them.
namespace LeNetPipeline.Worker.Service;

public sealed record TelemetrySources(IReadOnlyList<string> MeterNames)
{
    /// <summary>The runtime's own meter: GC, heap, thread pool, CPU time, exceptions.</summary>
    public const string RuntimeMeter = "System.Runtime";
}
