// Benchmarks entry point: `e2e` runs the end-to-end pipeline benchmark, `sync` the synchronous loops it is held
// against, `alloc` what an epoch allocates by type;
// anything else goes to BenchmarkDotNet's micro-benchmarks of the layer kernels (`-- --filter *`).
using BenchmarkDotNet.Running;
using LeNetPipeline.Bench.EndToEnd;

namespace LeNetPipeline.Bench;

public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "alloc")
        {
            return await AllocationProfile.RunAsync();
        }
        if (args.Length > 0 && args[0] == "sync")
        {
            return await SynchronousLoopBenchmark.RunAsync(args[1..]);
        }
        if (args.Length > 0 && args[0] == "e2e")
        {
            return await EndToEndBenchmark.RunAsync(args[1..]);
        }
        BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
        return 0;
    }
}
