// The end-to-end benchmark: trains through the real host and Dataflow pipeline on full MNIST and prints ONE JSON
// line (train and evaluation samples/s, peak RSS, steady-state bytes allocated per training sample, test
// accuracy, fraction of the measured FMA peak), which bench/compare.sh reads.
//   dotnet bench/LeNetPipeline.Bench/bin/Release/net10.0/LeNetPipeline.Bench.dll e2e --parallelism 2 --epochs 1 [--max-shift 0]
using System.Globalization;
using System.Text.Json;
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Worker.Outputs;
using LeNetPipeline.Worker.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using LeNetPipeline.Worker.Commands.Train;
using LeNetPipeline.Worker.Options;

namespace LeNetPipeline.Bench.EndToEnd;

internal static class EndToEndBenchmark
{
    /// <summary>Forward 416,520 + backward 715,440 multiply-adds per training sample.</summary>
    private const double MultiplyAddsPerSample = 416_520 + 715_440;

    public static async Task<int> RunAsync(string[] args)
    {
        int parallelism = IntArgument(args, "--parallelism", Environment.ProcessorCount);
        int epochs = IntArgument(args, "--epochs", 1);
        int sliceSize = IntArgument(args, "--slice", 16);
        int maxShift = IntArgument(args, "--max-shift", -1);
        string[] common = [$"--Pipeline:ComputeParallelism={parallelism}", $"--Pipeline:SliceSize={sliceSize}", "--Checkpoint:EveryBatches=0",
            "--Progress:IntervalSeconds=3600", "--Logging:LogLevel:Default=Warning"];
        if (maxShift >= 0)
        {
            // The synchronous loops train without shifts: the same setting here gives their weights, bit for bit.
            common = [.. common, $"--Training:MaxShift={maxShift}"];
        }

        // Warm-up: JIT tiers and pools settle on a small run, in this same process.
        await TrainAsync([.. common, "--Data:TrainLimit=6400", "--Data:TestLimit=1000", "--Training:Epochs=1"]);

        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        RunSummary measured = await TrainAsync([.. common, $"--Training:Epochs={epochs}"]);
        long allocatedOne = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        // Steady state: what four more epochs allocate, per sample, so data loading and start-up are left out (and
        // their run-to-run jitter, a few MB, is spread over 240,000 samples).
        const int extraEpochs = 4;
        allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        await TrainAsync([.. common, $"--Training:Epochs={epochs + extraEpochs}"]);
        long allocatedMore = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        double bytesPerSample = (allocatedMore - allocatedOne) / (extraEpochs * (double)measured.TrainSamples);

        double peak = FmaPeak.MultiplyAddsPerSecond(parallelism, TimeSpan.FromSeconds(1));
        double kernelAlone = KernelOnlyLoop.TrainSamplesPerSecond(1, TimeSpan.FromSeconds(2));
        double kernelAloneAll = KernelOnlyLoop.TrainSamplesPerSecond(parallelism, TimeSpan.FromSeconds(2));
        double kernelAloneEvaluate = KernelOnlyLoop.EvaluateSamplesPerSecond(parallelism, TimeSpan.FromSeconds(1));
        var result = new Dictionary<string, object>
        {
            ["impl"] = "lenetpipeline",
            ["parallelism"] = parallelism,
            ["epochs"] = epochs,
            ["train_samples_per_second"] = Math.Round(measured.TrainSamplesPerSecond),
            ["eval_samples_per_second"] = Math.Round(measured.EvaluateSamplesPerSecond ?? 0),
            ["peak_rss_mb"] = ProcessMemory.PeakResidentMegabytes(),
            ["allocated_bytes_per_sample"] = Math.Round(bytesPerSample, 1),
            ["test_accuracy"] = measured.FinalTestAccuracy ?? double.NaN,
            ["weights_sha256"] = measured.WeightsSha256,
            ["fma_peak_multiply_adds_per_second"] = Math.Round(peak),
            ["kernel_alone_samples_per_second_per_thread"] = Math.Round(kernelAlone),
            // The kernel on as many threads as the pipeline, each alone: the ceiling of this machine at this parallelism.
            ["kernel_alone_samples_per_second"] = Math.Round(kernelAloneAll),
            ["pipeline_efficiency"] = Math.Round(measured.TrainSamplesPerSecond / kernelAloneAll, 3),
            // The same for evaluation: the forward kernel alone on as many threads, and the pipeline's share of it.
            ["kernel_alone_eval_samples_per_second"] = Math.Round(kernelAloneEvaluate),
            ["eval_pipeline_efficiency"] = Math.Round((measured.EvaluateSamplesPerSecond ?? 0) / kernelAloneEvaluate, 3),
            ["fma_peak_fraction"] = Math.Round(measured.TrainSamplesPerSecond * MultiplyAddsPerSample / peak, 3),
        };
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    internal static async Task<RunSummary> TrainAsync(string[] settings)
    {
        string output = Directory.CreateTempSubdirectory("lenet-bench-").FullName;
        try
        {
            HostApplicationBuilder builder = HostComposition.CreateBuilder([.. settings, $"--Output:Directory={output}"], ContentRoot.Locate());
            builder.Services.AddSingleton<TrainCommand>();
            using IHost host = builder.Build();
            await host.StartAsync();
            RunSummary? summary = await host.Services.GetRequiredService<TrainCommand>().RunAsync(CancellationToken.None);
            await host.StopAsync();
            return summary ?? throw new InvalidOperationException("the benchmark run stopped early");
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    internal static int IntArgument(string[] args, string name, int fallback)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
