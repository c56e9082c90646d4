// The synchronous ceiling: trains one epoch of full MNIST with the plain loop (one thread, PlainTrainingLoop) or
// the blocking-barrier loop (several threads), on the settings of config/appsettings.json without augmentation,
// and prints ONE JSON line for bench/compare.sh, with the weights' hash: the pipeline run on the same settings
// (e2e --max-shift 0) must end with the same.
//   dotnet bench/LeNetPipeline.Bench/bin/Release/net10.0/LeNetPipeline.Bench.dll sync --threads 2 --epochs 1
using System.Diagnostics;
using System.Text.Json;
using LeNetPipeline.Data;
using LeNetPipeline.Model;
using LeNetPipeline.Training;
using LeNetPipeline.Weights;
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Worker.Options;
using LeNetPipeline.Worker.Outputs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LeNetPipeline.Bench.EndToEnd;

internal static class SynchronousLoopBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        int threads = EndToEndBenchmark.IntArgument(args, "--threads", 1);
        int epochs = EndToEndBenchmark.IntArgument(args, "--epochs", 1);
        ContentRoot root = ContentRoot.Locate();
        TrainingOptions training;
        using (IHost host = HostComposition.CreateBuilder([], root).Build())
        {
            training = host.Services.GetRequiredService<IOptions<TrainingOptions>>().Value;
        }
        (LabelledImages train, LabelledImages test) = await new DatasetProvider(NullLogger<DatasetProvider>.Instance)
            .LoadAsync(DataSourceSettings.For("mnist", root.Resolve(Path.Combine("data", "mnist"))), CancellationToken.None);

        // Warm-up: JIT and caches settle on a small run, in this same process.
        Train(threads, training, train.Take(6400), 1);
        var clock = Stopwatch.StartNew();
        float[] weights = Train(threads, training, train, epochs);
        clock.Stop();

        var result = new Dictionary<string, object>
        {
            ["impl"] = threads == 1 ? "plain-loop" : "blocking-barrier-loop",
            ["threads"] = threads,
            ["epochs"] = epochs,
            ["train_samples_per_second"] = Math.Round(epochs * (double)train.Count / clock.Elapsed.TotalSeconds),
            ["test_accuracy"] = new PlainTrainingLoop().Evaluate(weights, test),
            ["peak_rss_mb"] = ProcessMemory.PeakResidentMegabytes(),
            ["weights_sha256"] = WeightsHash.Sha256Hex(weights),
        };
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static float[] Train(int threads, TrainingOptions training, LabelledImages train, int epochs)
    {
        float[] weights = ParameterInitializer.Create(training.Seed);
        var sgd = new SgdMomentum(ParameterLayout.Mnist.Count);
        if (threads == 1)
        {
            new PlainTrainingLoop
            {
                BatchSize = training.BatchSize,
                Seed = training.Seed,
                Shuffle = training.Shuffle,
                MaxShift = 0,
                LearningRateAt = training.LearningRateAt,
                Momentum = training.Momentum,
                WeightDecay = training.WeightDecay,
            }.Train(weights, sgd, train, epochs);
        }
        else
        {
            new BarrierTrainingLoop(threads, training.BatchSize, training.Seed, training.Shuffle, training.LearningRateAt, training.Momentum, training.WeightDecay)
                .Train(weights, sgd, train, epochs);
        }
        return weights;
    }
}
