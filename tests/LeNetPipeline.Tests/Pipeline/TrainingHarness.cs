// Runs the real training (host composition, options validation, Dataflow pipeline, outputs) in-process on a
// small slice of real MNIST, with settings given as command-line overrides, the way a user would give them.
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Worker.Outputs;
using LeNetPipeline.Worker.Pipeline;
using LeNetPipeline.Worker.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using LeNetPipeline.Worker.Commands.Train;
using LeNetPipeline.Tests.Support;
using LeNetPipeline.Worker.Options;

namespace LeNetPipeline.Tests.Pipeline;

internal static class TrainingHarness
{
    /// <summary>Small but real: 640 training images (10 batches of 64), 320 test images.</summary>
    public static readonly string[] Small = ["--Data:TrainLimit=640", "--Data:TestLimit=320", "--Progress:IntervalSeconds=60"];

    public static string NewOutputDirectory() =>
        Directory.CreateTempSubdirectory("lenet-test-").FullName;

    /// <param name="root">Where config/ is looked for; the repository's by default.</param>
    /// <param name="logs">An extra logger provider, to observe what the run logs.</param>
    public static async Task<RunSummary?> TrainAsync(string outputDirectory, IEnumerable<string> settings,
        Action<Slice>? beforeComputeSlice = null, CancellationToken stop = default, ContentRoot? root = null, ILoggerProvider? logs = null,
        Action<IServiceProvider>? started = null)
    {
        string[] args = [.. Small, .. settings, $"--Output:Directory={outputDirectory}"];
        HostApplicationBuilder builder = HostComposition.CreateBuilder(args, root ?? new ContentRoot(RepositoryPaths.Root));
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }
        builder.Services.AddSingleton<TrainCommand>();
        using IHost host = builder.Build();
        // Validation at start, as the host does it before any work.
        await host.StartAsync();
        started?.Invoke(host.Services);
        try
        {
            TrainCommand run = host.Services.GetRequiredService<TrainCommand>();
            run.BeforeComputeSlice = beforeComputeSlice;
            return await run.RunAsync(stop).WaitAsync(TimeSpan.FromMinutes(5));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
