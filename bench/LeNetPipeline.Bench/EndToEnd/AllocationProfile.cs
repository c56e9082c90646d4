// What a steady-state training epoch allocates, by type: the runtime's allocation sampling (GCAllocationTick,
// one event per ~100 KB allocated, naming the type that crossed it) during a 2-epoch and a 6-epoch run, the
// difference divided by 4, so start-up and data loading cancel out: what to look at when the allocation per
// training sample grows (docs/architecture.md, Bounded memory).
//   dotnet bench/LeNetPipeline.Bench/bin/Release/net10.0/LeNetPipeline.Bench.dll alloc
using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace LeNetPipeline.Bench.EndToEnd;

internal static class AllocationProfile
{
    public static async Task<int> RunAsync()
    {
        string[] common = ["--Checkpoint:EveryBatches=0", "--Progress:IntervalSeconds=3600", "--Logging:LogLevel:Default=Warning"];
        await EndToEndBenchmark.TrainAsync([.. common, "--Data:TrainLimit=6400", "--Data:TestLimit=1000", "--Training:Epochs=1"]);
        IReadOnlyDictionary<string, long> two = await SampleAsync([.. common, "--Training:Epochs=2"]);
        IReadOnlyDictionary<string, long> six = await SampleAsync([.. common, "--Training:Epochs=6"]);
        var perEpoch = six.Select(type => (Type: type.Key, Bytes: (type.Value - two.GetValueOrDefault(type.Key)) / 4.0))
            .Where(type => type.Bytes > 0)
            .OrderByDescending(type => type.Bytes)
            .Take(15);
        Console.WriteLine("bytes per epoch (sampled every ~100 KB, so small figures are noise), by type:");
        foreach ((string type, double bytes) in perEpoch)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6,9:F3} MB  {type}"));
        }
        return 0;
    }

    private static async Task<IReadOnlyDictionary<string, long>> SampleAsync(string[] settings)
    {
        using var listener = new AllocationListener();
        await EndToEndBenchmark.TrainAsync(settings);
        return new Dictionary<string, long>(listener.BytesByType);
    }

    private sealed class AllocationListener : EventListener
    {
        private const EventKeywords GarbageCollection = (EventKeywords)0x1;

        public ConcurrentDictionary<string, long> BytesByType { get; } = new();

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(source, EventLevel.Verbose, GarbageCollection);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || e.PayloadNames is null || e.Payload is null)
            {
                return;
            }
            string type = e.Payload[e.PayloadNames.IndexOf("TypeName")]?.ToString() ?? "?";
            long bytes = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")], CultureInfo.InvariantCulture);
            BytesByType.AddOrUpdate(type, bytes, (_, total) => total + bytes);
        }
    }
}
