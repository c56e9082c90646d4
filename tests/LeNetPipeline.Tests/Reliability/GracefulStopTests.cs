// SIGTERM, as `systemctl stop` or `kill` sends it, in the middle of training: the worker stops at the next batch
// boundary, writes its checkpoint and exits 0 within 5 s (the contract), and the run resumed from that checkpoint
// ends with the very weights of a run that was never stopped.
using System.Diagnostics;
using LeNetPipeline.Tests.Data;
using LeNetPipeline.Worker.Outputs;
using LeNetPipeline.Worker.Pipeline;
using LeNetPipeline.Worker.Training;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Reliability;

[Collection(ReliabilityCollection.Name)]
public class GracefulStopTests(ReliabilityFixture fixture)
{
    private static readonly TimeSpan StopContract = TimeSpan.FromSeconds(5);
    private static Lazy<Task<StopScenario>>? _scenario;

    [Fact]
    public async Task Sigterm_mid_training_exits_0_within_5_seconds()
    {
        StopScenario seen = await ScenarioAsync();
        Assert.True(seen.Stopped.ExitCode == 0 && seen.StopTook < StopContract, $"stopped {seen.StopTook.TotalSeconds:F2} s after SIGTERM; {seen.Stopped}");
    }

    [Fact]
    public async Task Sigterm_mid_training_writes_the_checkpoint_of_the_batch_it_stopped_after()
    {
        StopScenario seen = await ScenarioAsync();
        string line = seen.Stopped.OutputLines.SingleOrDefault(l => l.Contains("Stop requested: stopped after", StringComparison.Ordinal)) ?? "(no stop line)";
        Assert.True(seen.Checkpoint is not null && line.Contains($"epoch {seen.Checkpoint.Epoch} batch {seen.Checkpoint.NextBatch},", StringComparison.Ordinal),
            $"checkpoint: {(seen.Checkpoint is null ? "none" : $"epoch {seen.Checkpoint.Epoch} batch {seen.Checkpoint.NextBatch}")}; log: {line}");
    }

    [Fact]
    public async Task Resuming_after_sigterm_ends_with_the_weights_of_an_unstopped_run()
    {
        StopScenario seen = await ScenarioAsync();
        Assert.True(seen.Resumed.ExitCode == 0 && seen.ResumedSha == seen.UnstoppedSha, $"unstopped {seen.UnstoppedSha}, resumed {seen.ResumedSha}; {seen.Resumed}");
    }

    private Task<StopScenario> ScenarioAsync() =>
        LazyInitializer.EnsureInitialized(ref _scenario, () => new Lazy<Task<StopScenario>>(() => StopScenario.RunAsync(fixture.Ground))).Value;

    private sealed record StopScenario(WorkerResult Stopped, TimeSpan StopTook, TrainingState? Checkpoint, WorkerResult Resumed, string? ResumedSha, string UnstoppedSha)
    {
        public static async Task<StopScenario> RunAsync(ReliabilityGround ground)
        {
            // Epochs of about two seconds on the real data, so the signal lands mid-epoch at any kernel speed: a
            // first run measures the speed (warm-up included, so it errs towards longer epochs).
            string[] settings(string output, int trainLimit) =>
            [
                .. ground.Settings(output, epochs: 2, data: MnistFixture.DataDirectory),
                $"--Data:TrainLimit={trainLimit}", "--Data:TestLimit=64", "--Progress:IntervalSeconds=0.1", "--Checkpoint:EveryBatches=0",
            ];
            string calibration = ground.NewDirectory("sigterm-speed");
            WorkerResult measured = await WorkerProcess.RunAsync([.. settings(calibration, 2048), "--Training:Epochs=1"], TimeSpan.FromMinutes(5));
            double samplesPerSecond = measured.ExitCode == 0
                ? SamplesPerSecond(Path.Combine(calibration, RunOutputs.SummaryFile))
                : throw new InvalidOperationException(measured.ToString());
            int trainLimit = (int)Math.Clamp(samplesPerSecond * 2 / ReliabilityGround.BatchSize, 16, 60_000 / ReliabilityGround.BatchSize) * ReliabilityGround.BatchSize;

            string unstoppedOutput = ground.NewDirectory("sigterm-unstopped");
            WorkerResult unstopped = await WorkerProcess.RunAsync(settings(unstoppedOutput, trainLimit), TimeSpan.FromMinutes(5));
            string unstoppedSha = unstopped.ExitCode == 0
                ? OutputFiles.WeightsSha256(Path.Combine(unstoppedOutput, RunOutputs.SummaryFile))
                : throw new InvalidOperationException(unstopped.ToString());

            string output = ground.NewDirectory("sigterm-stopped");
            using WorkerProcess worker = WorkerProcess.Start(settings(output, trainLimit));
            await worker.WaitForOutputAsync(line => line.Contains("Epoch 1/2 batch ", StringComparison.Ordinal), TimeSpan.FromMinutes(2));
            var clock = Stopwatch.StartNew();
            worker.Terminate();
            WorkerResult stopped = await worker.WaitForExitAsync(WorkerProcess.FailureTimeout);
            TimeSpan took = clock.Elapsed;
            string checkpointPath = Path.Combine(output, RunOutputs.CheckpointFile);
            TrainingState? checkpoint = File.Exists(checkpointPath) ? TrainingCheckpoint.Read(checkpointPath).State : null;

            WorkerResult resumed = await WorkerProcess.RunAsync([.. settings(output, trainLimit), $"--Checkpoint:ResumeFrom={checkpointPath}"], TimeSpan.FromMinutes(5));
            string? resumedSha = resumed.ExitCode == 0 ? OutputFiles.WeightsSha256(Path.Combine(output, RunOutputs.SummaryFile)) : null;
            string stopLine = stopped.OutputLines.FirstOrDefault(l => l.Contains("Stop requested", StringComparison.Ordinal)) ?? "(no stop line)";
            ReliabilityTable.Record("SIGTERM", $"kill -TERM mid-epoch ({trainLimit} samples, batch {ReliabilityGround.BatchSize})",
                $"{ground.Portable(stopLine[(stopLine.IndexOf("Stop requested", StringComparison.Ordinal) is var at && at >= 0 ? at : 0)..])} (exit after {took.TotalSeconds:F2} s)",
                stopped.ExitCode,
                checkpoint is null ? "NO CHECKPOINT" : $"checkpoint at epoch {checkpoint.Epoch} batch {checkpoint.NextBatch}; resumed: exit {resumed.ExitCode}, weights_sha256 {(resumedSha == unstoppedSha ? "equal to" : "DIFFERENT from")} the unstopped run's");
            return new StopScenario(stopped, took, checkpoint, resumed, resumedSha, unstoppedSha);
        }

        private static double SamplesPerSecond(string summaryPath)
        {
            using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(summaryPath));
            return summary.RootElement.GetProperty("train_samples_per_second").GetDouble();
        }
    }
}
