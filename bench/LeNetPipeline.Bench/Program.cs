// Benchmarks entry point: `e2e` runs the end-to-end pipeline benchmark, `sync` the synchronous loops it is held
// against, `alloc` what an epoch allocates by type, `folder` the folder data source's decoding and training
// throughput against the idx source, `letters DIR` writes the rendered letters data set (26 classes) into DIR;
// anything else goes to BenchmarkDotNet's micro-benchmarks of the layer kernels (`-- --filter *`).
using BenchmarkDotNet.Running;
using LeNetPipeline.Bench.EndToEnd;
using LeNetPipeline.Bench.OwnData;

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
        if (args.Length > 1 && args[0] == "letters")
        {
            LetterImages.WriteFolder(args[1], perLetter: 300, seed: 7);
            Console.WriteLine($"Wrote {LetterImages.Letters.Count} x 300 letter images into {args[1]}");
            return 0;
        }
        if (args.Length > 0 && args[0] == "folder")
        {
            return await FolderSourceBenchmark.RunAsync(args[1..]);
        }
        BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
        return 0;
    }
}
