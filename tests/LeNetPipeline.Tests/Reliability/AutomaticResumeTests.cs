// Checkpoint:ResumeFrom=auto, as a service restarts the worker: the very same command, whatever happened to the
// last one. Ten trials kill -9 the worker at a seeded random moment of its run (starting up, training, writing a
// checkpoint, writing its final files) and start the same command again: every trial ends with the weights of
// a run never killed, bit for bit. A checkpoint of another run is refused with every file kept; a finished run
// ends at once.
using System.Collections.Concurrent;
using System.Diagnostics;
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Worker.Outputs;
using LeNetPipeline.Worker.Training;
using Xunit.Abstractions;
using LeNetPipeline.Tests.Support;
using LeNetPipeline.Worker.Pipeline;

namespace LeNetPipeline.Tests.Reliability;

[Collection(ReliabilityCollection.Name)]
public class AutomaticResumeTests(ReliabilityFixture fixture, ITestOutputHelper log)
{
    public const int Trials = 10;
    private const int Epochs = 2;
    private const int TrainSamples = 128;
    private const int BatchSize = 16;
    private const int SuiteSeed = 20_261_203;

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private static readonly ConcurrentDictionary<int, Lazy<Task<RestartTrial>>> TrialRuns = new();
    private static Lazy<Task<Uninterrupted>>? _uninterrupted;
    private static string? _data;

    public static TheoryData<int> TrialNumbers => [.. Enumerable.Range(1, Trials)];

    [Theory]
    [MemberData(nameof(TrialNumbers))]
    public async Task After_kill_9_the_same_command_ends_with_the_weights_of_an_unkilled_run(int trial)
    {
        RestartTrial seen = await TrialRuns.GetOrAdd(trial, number => new Lazy<Task<RestartTrial>>(() => RestartTrial.RunAsync(this, number))).Value;
        string expected = (await UninterruptedAsync()).Sha;
        log.WriteLine($"{seen}: restarted exit {seen.Restarted.ExitCode}, weights {seen.Sha}, expected {expected}");
        Assert.True(seen.Restarted.ExitCode == 0 && seen.Sha == expected, $"{seen}: expected weights {expected}; restarted {seen.Restarted}");
    }

    [Fact]
    public async Task A_checkpoint_of_another_run_is_refused_with_exit_2_naming_the_first_difference_and_every_file_kept()
    {
        string output = fixture.Ground.OutputWithEarlierRun(fixture.Ground.NewDirectory("auto-other-run"));
        WorkerResult result = await WorkerProcess.RunAsync(
            [.. fixture.Ground.Settings(output), "--Training:Seed=7", "--Training:Momentum=0.5", "--Checkpoint:ResumeFrom=auto"], Patience);

        Assert.True(result.ExitCode == ExitCodes.InvalidConfiguration
            && result.FirstErrorLine.Contains("Training:Seed is 7 but the checkpoint has 1", StringComparison.Ordinal)
            && !result.FirstErrorLine.Contains("Momentum", StringComparison.Ordinal), result.ToString());
        Assert.Empty(OutputFiles.DifferencesFrom(output, fixture.Ground.EarlierRun));
        ReliabilityTable.Record("checkpoint (Checkpoint:ResumeFrom)", "auto, output directory holds another run's checkpoint (other seed)",
            fixture.Ground.Portable(result.FirstErrorLine), result.ExitCode, "earlier run's files byte-identical");
    }

    [Fact]
    public async Task A_finished_run_restarted_exits_0_at_once_saying_so_without_training()
    {
        string output = fixture.Ground.OutputWithEarlierRun(fixture.Ground.NewDirectory("auto-finished"));
        DateTime[] before = Directory.GetFiles(output).Order(StringComparer.Ordinal).Select(File.GetLastWriteTimeUtc).ToArray();
        WorkerResult result = await WorkerProcess.RunAsync([.. fixture.Ground.Settings(output), "--Checkpoint:ResumeFrom=auto"], Patience);
        DateTime[] after = Directory.GetFiles(output).Order(StringComparer.Ordinal).Select(File.GetLastWriteTimeUtc).ToArray();

        Assert.True(result.ExitCode == 0 && result.OutputLines.Any(line => line.Contains("Nothing to train", StringComparison.Ordinal))
            && !result.OutputLines.Any(line => line.Contains("Training mnist", StringComparison.Ordinal)), result.ToString());
        Assert.Empty(OutputFiles.DifferencesFrom(output, fixture.Ground.EarlierRun));
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Without_a_checkpoint_auto_starts_afresh()
    {
        Uninterrupted run = await UninterruptedAsync();
        Assert.True(!run.Run.OutputLines.Any(line => line.Contains("Resuming", StringComparison.Ordinal))
            && File.Exists(Path.Combine(run.Output, RunOutputs.ModelFile)), run.Run.ToString());
    }

    private ReliabilityGround Ground => fixture.Ground;

    private string[] Command(string output)
    {
        string data = LazyInitializer.EnsureInitialized(ref _data, () => fixture.Ground.CopyData(fixture.Ground.NewDirectory("auto-resume-data"), TrainSamples, test: 32));
        return [.. fixture.Ground.Settings(output, Epochs, data), $"--Training:BatchSize={BatchSize}", "--Checkpoint:EveryBatches=1",
            "--Checkpoint:ResumeFrom=auto", "--Progress:IntervalSeconds=0.01"];
    }

    /// <summary>The same command never killed, run once: the yardstick of every trial.</summary>
    private Task<Uninterrupted> UninterruptedAsync() =>
        LazyInitializer.EnsureInitialized(ref _uninterrupted, () => new Lazy<Task<Uninterrupted>>(async () =>
        {
            string output = fixture.Ground.NewDirectory("auto-uninterrupted");
            WorkerResult run = await WorkerProcess.RunAsync(Command(output), Patience);
            return run.ExitCode == 0
                ? new Uninterrupted(run, output, OutputFiles.WeightsSha256(Path.Combine(output, RunOutputs.SummaryFile)))
                : throw new InvalidOperationException(run.ToString());
        })).Value;

    private sealed record Uninterrupted(WorkerResult Run, string Output, string Sha);

    /// <summary>One trial: the moment drawn from the seed, what the kill left, and how the same command went.</summary>
    private sealed record RestartTrial(int Number, string Moment, string Left, WorkerResult Restarted, string? Sha)
    {
        public override string ToString() => $"trial {Number} ({Moment}; left {Left})";

        public static async Task<RestartTrial> RunAsync(AutomaticResumeTests suite, int number)
        {
            Uninterrupted uninterrupted = await suite.UninterruptedAsync();
            // Odd trials: any moment of the run's life, start-up included. Even ones: shortly after the first
            // checkpoint of a run that is training, when most of the run is still ahead.
            var random = new Random(SuiteSeed + number);
            bool anyMoment = number % 2 == 1;
            TimeSpan delay = anyMoment
                ? uninterrupted.Run.Elapsed * random.NextDouble()
                : TimeSpan.FromMilliseconds(random.Next(0, 60));
            string moment = anyMoment
                ? $"kill -9 {delay.TotalMilliseconds:F0} ms after start"
                : $"kill -9 {delay.TotalMilliseconds:F0} ms after the first checkpoint appeared";

            string output = suite.Ground.NewDirectory($"auto-trial-{number:D2}");
            string[] command = suite.Command(output);
            int killedExit;
            using (WorkerProcess worker = WorkerProcess.Start(command))
            {
                string checkpoint = Path.Combine(output, RunOutputs.CheckpointFile);
                var clock = Stopwatch.StartNew();
                if (!anyMoment)
                {
                    while (!File.Exists(checkpoint) && !worker.HasExited && clock.Elapsed < Patience)
                    {
                        Thread.Yield();
                    }
                    clock.Restart();
                }
                while (clock.Elapsed < delay && !worker.HasExited)
                {
                    Thread.SpinWait(100);
                }
                worker.KillHard();
                killedExit = (await worker.WaitForExitAsync(Patience)).ExitCode;
            }

            string checkpointPath = Path.Combine(output, RunOutputs.CheckpointFile);
            TrainingState? state = File.Exists(checkpointPath) && OutputFiles.Incomplete(output).Count == 0 ? TrainingCheckpoint.Read(checkpointPath).State : null;
            string left = state is null ? "no checkpoint" : $"checkpoint at epoch {state.Epoch} batch {state.NextBatch}";
            WorkerResult restarted = await WorkerProcess.RunAsync(command, Patience);
            string summary = Path.Combine(output, RunOutputs.SummaryFile);
            string? sha = restarted.ExitCode == 0 && File.Exists(summary) ? OutputFiles.WeightsSha256(summary) : null;
            string expected = uninterrupted.Sha;
            ReliabilityTable.Record("kill -9", $"auto trial {number:D2}: {moment}",
                $"(killed) -> the same command again, from {left}: exit {restarted.ExitCode}, {(sha == expected ? "same weights_sha256 as the unkilled run" : "DIFFERENT weights")}",
                killedExit, "resumed with Checkpoint:ResumeFrom=auto");
            return new RestartTrial(number, moment, left, restarted, sha);
        }
    }
}
