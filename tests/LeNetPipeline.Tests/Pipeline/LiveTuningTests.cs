// Live tuning: editing Pipeline:ComputeParallelism in config/appsettings.json while training runs takes effect at
// the next epoch boundary, is logged, and changes nothing in the result (docs/architecture.md, The same bits for any
// parallelism).
using System.Collections.Concurrent;
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Worker.Options;
using LeNetPipeline.Worker.Outputs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Pipeline;

[Collection(PipelineCollection.Name)]
public class LiveTuningTests
{
    [Fact]
    public async Task Editing_the_parallelism_in_the_settings_file_takes_effect_at_the_next_epoch_and_keeps_the_weights()
    {
        string root = Directory.CreateTempSubdirectory("lenet-live-").FullName;
        Directory.CreateDirectory(Path.Combine(root, ContentRoot.ConfigFolder));
        string settingsPath = Path.Combine(root, ContentRoot.ConfigFolder, ContentRoot.SettingsFile);
        string original = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, ContentRoot.ConfigFolder, ContentRoot.SettingsFile));
        await File.WriteAllTextAsync(settingsPath, original.Replace("\"ComputeParallelism\": 0", "\"ComputeParallelism\": 2"));
        string[] settings = ["--Training:Epochs=3", "--Training:Seed=9",
            $"--Data:Directory={Path.Combine(RepositoryPaths.Root, "data", "mnist")}"];

        var logs = new ConcurrentQueue<string>();
        bool edited = false;
        // Set by the host's own reload of the file (its watcher is asynchronous): epoch 1 is held until then.
        using var reloaded = new ManualResetEventSlim();
        IDisposable? watch = null;
        RunSummary? tuned = await TrainingHarness.TrainAsync(TrainingHarness.NewOutputDirectory(), settings, slice =>
        {
            // While epoch 1 computes, lower the parallelism in the file, as an operator would.
            if (!edited && slice.Batch.Epoch == 1 && slice.Batch.Index == 2)
            {
                edited = true;
                File.WriteAllText(settingsPath, original.Replace("\"ComputeParallelism\": 0", "\"ComputeParallelism\": 1"));
                Assert.True(reloaded.Wait(TimeSpan.FromSeconds(60)), "the host did not reload the edited settings file");
            }
        }, root: new ContentRoot(root), logs: new QueueLoggerProvider(logs),
            started: services => watch = services.GetRequiredService<IOptionsMonitor<PipelineOptions>>().OnChange(options =>
            {
                if (options.ComputeParallelism == 1)
                {
                    reloaded.Set();
                }
            }));
        watch?.Dispose();

        string change = Assert.Single(logs, line => line.Contains("Compute parallelism changed"));
        Assert.Contains("from 2 to 1", change);
        Assert.Contains("epoch 2", change);
        RunSummary? untouched = await TrainingHarness.TrainAsync(TrainingHarness.NewOutputDirectory(), ["--Training:Epochs=3", "--Training:Seed=9"]);
        Assert.Equal(untouched!.WeightsSha256, tuned!.WeightsSha256);
    }

    private sealed class QueueLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(lines);

        public void Dispose()
        {
        }
    }

    private sealed class QueueLogger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception));
    }
}
