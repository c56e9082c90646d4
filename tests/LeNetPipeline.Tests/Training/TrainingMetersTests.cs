// The "LeNetPipeline" meter during a real (small) training run, read the way dotnet-counters reads it: a listener
// scoped to the host's meter factory, polling the gauges mid-run and at the end.
using System.Diagnostics.Metrics;
using LeNetPipeline.Tests.Data;
using LeNetPipeline.Tests.Pipeline;
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Worker.Outputs;
using LeNetPipeline.Worker.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using LeNetPipeline.Worker.Commands.Train;
using LeNetPipeline.Worker.Options;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Training;

[Collection(PipelineCollection.Name)]
public sealed class TrainingMetersTests(MnistFixture mnist)
{
    [Fact]
    public async Task Meter_publishes_samples_throughput_loss_accuracy_epoch_and_batch_while_training()
    {
        _ = mnist;
        string output = TrainingHarness.NewOutputDirectory();
        string[] args = [.. TrainingHarness.Small, "--Training:Epochs=2", $"--Output:Directory={output}"];
        HostApplicationBuilder builder = HostComposition.CreateBuilder(args, new ContentRoot(RepositoryPaths.Root));
        builder.Services.AddSingleton<TrainCommand>();
        using IHost host = builder.Build();
        await host.StartAsync();
        IMeterFactory factory = host.Services.GetRequiredService<IMeterFactory>();
        using var samples = new MetricCollector<long>(factory, TrainingMeters.MeterName, TrainingMeters.SamplesName);
        using var rate = new MetricCollector<double>(factory, TrainingMeters.MeterName, TrainingMeters.SamplesPerSecondName);
        using var loss = new MetricCollector<double>(factory, TrainingMeters.MeterName, TrainingMeters.LossName);
        using var accuracy = new MetricCollector<double>(factory, TrainingMeters.MeterName, TrainingMeters.AccuracyName);
        using var epoch = new MetricCollector<int>(factory, TrainingMeters.MeterName, TrainingMeters.EpochName);
        using var batch = new MetricCollector<int>(factory, TrainingMeters.MeterName, TrainingMeters.BatchName);
        using var testAccuracy = new MetricCollector<double>(factory, TrainingMeters.MeterName, TrainingMeters.TestAccuracyName);
        MetricCollector<double>[] doubles = [rate, loss, accuracy, testAccuracy];
        MetricCollector<int>[] ints = [epoch, batch];
        void Poll()
        {
            Array.ForEach(doubles, collector => collector.RecordObservableInstruments());
            Array.ForEach(ints, collector => collector.RecordObservableInstruments());
        }

        RunSummary? summary;
        try
        {
            TrainCommand run = host.Services.GetRequiredService<TrainCommand>();
            // Synchronous SGD: batch 5 of epoch 2 is computed only once its first five updates are applied.
            int polled = 0;
            run.BeforeComputeSlice = slice =>
            {
                if (slice.Batch.Epoch == 2 && slice.Batch.Index == 5 && Interlocked.Exchange(ref polled, 1) == 0)
                {
                    Poll();
                }
            };
            summary = await run.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(5));
        }
        finally
        {
            await host.StopAsync();
        }
        Poll();

        Assert.NotNull(summary);
        Assert.Equal(2 * 640, samples.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal([2, 2], epoch.GetMeasurementSnapshot().Select(m => m.Value));
        Assert.Equal([5, 10], batch.GetMeasurementSnapshot().Select(m => m.Value));
        Assert.All(rate.GetMeasurementSnapshot(), m => Assert.True(m.Value > 0, $"{m.Value} samples/s"));
        Assert.Equal(2, rate.GetMeasurementSnapshot().Count);
        Assert.All(loss.GetMeasurementSnapshot(), m => Assert.InRange(m.Value, 0.0, 10.0));
        Assert.All(accuracy.GetMeasurementSnapshot(), m => Assert.InRange(m.Value, 0.0, 1.0));
        // The epoch's running figures end as the epoch's; the test figures are the last evaluation's.
        Assert.Equal(summary.FinalTrainLoss!.Value, loss.LastMeasurement!.Value, 12);
        Assert.Equal(summary.FinalTrainAccuracy!.Value, accuracy.LastMeasurement!.Value, 12);
        Assert.Equal(summary.FinalTestAccuracy, testAccuracy.LastMeasurement!.Value);
        Assert.Equal(2, testAccuracy.GetMeasurementSnapshot().Count);
    }

    [Fact]
    public void Meter_shows_no_figure_before_the_first_batch_is_trained()
    {
        using ServiceProvider services = new ServiceCollection().AddMetrics().AddSingleton<TrainingMeters>().BuildServiceProvider();
        IMeterFactory factory = services.GetRequiredService<IMeterFactory>();
        _ = services.GetRequiredService<TrainingMeters>();
        using var loss = new MetricCollector<double>(factory, TrainingMeters.MeterName, TrainingMeters.LossName);
        using var epoch = new MetricCollector<int>(factory, TrainingMeters.MeterName, TrainingMeters.EpochName);

        loss.RecordObservableInstruments();
        epoch.RecordObservableInstruments();

        Assert.Empty(loss.GetMeasurementSnapshot());
        Assert.Empty(epoch.GetMeasurementSnapshot());
    }

    [Fact]
    public void Test_figures_appear_once_an_epoch_is_evaluated()
    {
        using ServiceProvider services = new ServiceCollection().AddMetrics().AddSingleton<TrainingMeters>().BuildServiceProvider();
        IMeterFactory factory = services.GetRequiredService<IMeterFactory>();
        TrainingMeters meters = services.GetRequiredService<TrainingMeters>();
        using var testLoss = new MetricCollector<double>(factory, TrainingMeters.MeterName, TrainingMeters.TestLossName);
        using var testAccuracy = new MetricCollector<double>(factory, TrainingMeters.MeterName, TrainingMeters.TestAccuracyName);

        meters.BatchTrained(epoch: 1, batch: 1, samples: 64, epochLoss: 2.3, epochAccuracy: 0.1);
        testLoss.RecordObservableInstruments();
        meters.EpochEvaluated(testLoss: 0.4, testAccuracy: 0.9);
        testLoss.RecordObservableInstruments();
        testAccuracy.RecordObservableInstruments();

        Assert.Equal([0.4], testLoss.GetMeasurementSnapshot().Select(m => m.Value));
        Assert.Equal([0.9], testAccuracy.GetMeasurementSnapshot().Select(m => m.Value));
    }
}
