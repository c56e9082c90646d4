// Benchmarks entry point: BenchmarkDotNet micro-benchmarks of the layer kernels (`-- --filter *`).
using BenchmarkDotNet.Running;

namespace LeNetPipeline.Bench;

public static class BenchProgram
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
}
