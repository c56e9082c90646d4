// kill -9 at seeded random moments of a run that writes a checkpoint after every batch: while it trains (shortly
// after a checkpoint is in place) and while it writes one (as soon as the writer's temporary file appears). Afterwards
// every file in the output directory must be whole, and the newest checkpoint must carry the run to its end with
// the weights of a run that was never killed.
using System.Collections.Concurrent;
using System.Diagnostics;
using LeNetPipeline.IO;
using LeNetPipeline.Worker.Outputs;
using LeNetPipeline.Worker.Pipeline;
using LeNetPipeline.Worker.Training;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Reliability;

[Collection(ReliabilityCollection.Name)]
public class KillNineTests(ReliabilityFixture fixture)
{
    public const int Trials = 20;
    private const int Epochs = 2;

    // A smaller set than the ground's, in batches of 16: 8 batches, so 9 checkpoint writes, per epoch.
    private const int TrainSamples = 128;
    private const int BatchSize = 16;
    private const int BatchesPerEpoch = TrainSamples / BatchSize;
    private const int SuiteSeed = 20_250_501;

    private static readonly ConcurrentDictionary<int, Lazy<Task<KillTrial>>> TrialRuns = new();
    private static Lazy<Task<string>>? _uninterruptedSha;
    private static string? _data;

    public static TheoryData<int> TrialNumbers => [.. Enumerable.Range(1, Trials)];

    [Theory]
    [MemberData(nameof(TrialNumbers))]
    public async Task After_kill_9_every_file_in_the_output_directory_is_whole(int trial)
    {
        KillTrial seen = await TrialAsync(trial);
        Assert.True(seen.IncompleteAfterKill.Count == 0, $"{seen}: {string.Join("; ", seen.IncompleteAfterKill)}");
    }

    [Theory]
    [MemberData(nameof(TrialNumbers))]
    public async Task After_kill_9_the_newest_checkpoint_resumes_to_the_weights_of_an_unkilled_run(int trial)
    {
        KillTrial seen = await TrialAsync(trial);
        string expected = await UninterruptedShaAsync(fixture.Ground);
        Assert.True(seen.Resumed.ExitCode == 0 && seen.ResumedSha == expected, $"{seen}: expected weights {expected}; resumed {seen.Resumed}");
    }

    [Fact]
    public async Task Some_kill_9_trials_land_while_a_checkpoint_is_being_written()
    {
        KillTrial[] trials = await Task.WhenAll(Enumerable.Range(1, Trials).Select(TrialAsync));
        Assert.Contains(trials, trial => trial.Partials > 0);
    }

    [Theory]
    [MemberData(nameof(TrialNumbers))]
    public async Task After_kill_9_the_resumed_run_leaves_no_temporary_file_behind(int trial)
    {
        KillTrial seen = await TrialAsync(trial);
        Assert.DoesNotContain(seen.FilesAfterResume, name => name.EndsWith(AtomicFileWriter.TemporarySuffix, StringComparison.Ordinal));
    }

    private Task<KillTrial> TrialAsync(int trial) =>
        TrialRuns.GetOrAdd(trial, number => new Lazy<Task<KillTrial>>(() => KillTrial.RunAsync(fixture.Ground, number))).Value;

    private static string[] Settings(ReliabilityGround ground, string output)
    {
        string data = LazyInitializer.EnsureInitialized(ref _data, () => ground.CopyData(ground.NewDirectory("kill-9-data"), TrainSamples, test: 32));
        return [.. ground.Settings(output, Epochs, data), $"--Training:BatchSize={BatchSize}", "--Checkpoint:EveryBatches=1"];
    }

    /// <summary>The weights_sha256 of the same run never killed: computed once, the yardstick of every trial.</summary>
    private static Task<string> UninterruptedShaAsync(ReliabilityGround ground) =>
        LazyInitializer.EnsureInitialized(ref _uninterruptedSha, () => new Lazy<Task<string>>(() => RunUninterruptedAsync(ground))).Value;

    private static async Task<string> RunUninterruptedAsync(ReliabilityGround ground)
    {
        string output = ground.NewDirectory("kill-9-uninterrupted");
        WorkerResult run = await WorkerProcess.RunAsync(Settings(ground, output), TimeSpan.FromMinutes(3));
        return run.ExitCode == 0 ? OutputFiles.WeightsSha256(Path.Combine(output, RunOutputs.SummaryFile)) : throw new InvalidOperationException(run.ToString());
    }

    /// <summary>One trial: the moment chosen from the seed, what the kill left, and how the resume went.</summary>
    private sealed record KillTrial(int Number, string Moment, IReadOnlyList<string> IncompleteAfterKill, string Checkpoint, int Partials,
        WorkerResult Resumed, string? ResumedSha, IReadOnlyList<string> FilesAfterResume)
    {
        // Checkpoint writes the run makes before its final ones: one per batch and one per epoch end.
        private const int CheckpointWrites = (BatchesPerEpoch + 1) * Epochs;

        public override string ToString() => $"trial {Number} ({Moment}; left {Checkpoint}, {Partials} temporary file(s))";

        public static async Task<KillTrial> RunAsync(ReliabilityGround ground, int number)
        {
            // Odd trials kill while a checkpoint is being written, even ones while training goes on after one.
            var random = new Random(SuiteSeed + number);
            bool whileWriting = number % 2 == 1;
            int write = random.Next(2, CheckpointWrites);
            TimeSpan delay = TimeSpan.FromMilliseconds(random.Next(0, whileWriting ? 2 : 40));
            string moment = whileWriting
                ? $"kill -9 {delay.TotalMilliseconds:F0} ms after checkpoint write {write} began"
                : $"kill -9 {delay.TotalMilliseconds:F0} ms after checkpoint {write} was in place";

            string output = ground.NewDirectory($"kill-9-trial-{number:D2}");
            using var writes = new CheckpointWrites(output);
            using WorkerProcess worker = WorkerProcess.Start(Settings(ground, output));
            Task<bool> killing = Task.Factory.StartNew(() => KillAtMoment(worker, writes, whileWriting, write, delay), TaskCreationOptions.LongRunning);
            WorkerResult run = await worker.WaitForExitAsync(TimeSpan.FromMinutes(2));
            if (!await killing)
            {
                throw new InvalidOperationException($"trial {number}: the run ended before its moment ({moment}); {run}");
            }

            IReadOnlyList<string> incomplete = OutputFiles.Incomplete(output);
            string checkpointPath = Path.Combine(output, RunOutputs.CheckpointFile);
            TrainingState? state = File.Exists(checkpointPath) && incomplete.Count == 0 ? TrainingCheckpoint.Read(checkpointPath).State : null;
            string left = state is null ? "no loadable checkpoint" : $"checkpoint at epoch {state.Epoch} batch {state.NextBatch}";
            int partials = Directory.EnumerateFiles(output, ".*.partial").Count();

            WorkerResult resumed = await WorkerProcess.RunAsync([.. Settings(ground, output), $"--Checkpoint:ResumeFrom={checkpointPath}"], TimeSpan.FromMinutes(3));
            string summary = Path.Combine(output, RunOutputs.SummaryFile);
            string? sha = resumed.ExitCode == 0 ? OutputFiles.WeightsSha256(summary) : null;
            string[] after = Directory.EnumerateFileSystemEntries(output).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
            string resumedSha = sha is null ? "resume failed" : sha == await UninterruptedShaAsync(ground) ? "same weights_sha256 as the unkilled run" : "DIFFERENT weights";
            ReliabilityTable.Record("kill -9", $"trial {number:D2}: {moment}",
                $"(killed: no output) -> resume from {left}: exit {resumed.ExitCode}, {resumedSha}", run.ExitCode,
                incomplete.Count == 0 ? $"all files whole; {partials} hidden temporary file(s), removed by the resume" : "BROKEN: " + string.Join("; ", incomplete));
            return new KillTrial(number, moment, incomplete, left, partials, resumed, sha, after);
        }

        /// <summary>Kills the worker <paramref name="delay"/> after the <paramref name="write"/>-th checkpoint write
        /// began (its temporary file appeared) or ended (it was renamed into place).</summary>
        private static bool KillAtMoment(WorkerProcess worker, CheckpointWrites writes, bool whileWriting, int write, TimeSpan delay)
        {
            while (!worker.HasExited)
            {
                if ((whileWriting ? writes.Begun() : writes.Ended) >= write)
                {
                    SpinWait(delay);
                    worker.KillHard();
                    return true;
                }
                if (!whileWriting)
                {
                    Thread.Yield();
                }
            }
            return false;
        }

        private static void SpinWait(TimeSpan delay)
        {
            // A busy wait: a sleeping thread wakes up milliseconds late, which would blur the chosen moment.
            long until = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < until)
            {
                Thread.SpinWait(100);
            }
        }
    }

    /// <summary>
    /// Counts the checkpoint writes in an output directory. The watcher's events never miss one but arrive late,
    /// after a write is over; looking at the directory directly sees a write while it is going on, but can miss
    /// a short one. Together: an exact count, and the earliest sight of each write.
    /// </summary>
    private sealed class CheckpointWrites : IDisposable
    {
        private const string Temporary = ".checkpoint.npz.*.partial";
        private readonly string _directory;
        private readonly ConcurrentDictionary<string, bool> _begun = new();
        private readonly FileSystemWatcher _watcher;
        private int _ended;

        public CheckpointWrites(string directory)
        {
            _directory = directory;
            _watcher = new FileSystemWatcher(directory);
            _watcher.Created += (_, created) =>
            {
                if (IsTemporary(created.Name))
                {
                    _begun.TryAdd(created.Name!, true);
                }
            };
            _watcher.Renamed += (_, renamed) =>
            {
                if (renamed.Name == RunOutputs.CheckpointFile && IsTemporary(renamed.OldName))
                {
                    _begun.TryAdd(renamed.OldName!, true);
                    Interlocked.Increment(ref _ended);
                }
            };
            _watcher.EnableRaisingEvents = true;
        }

        public int Ended => Volatile.Read(ref _ended);

        public int Begun()
        {
            foreach (string path in Directory.GetFiles(_directory, Temporary))
            {
                _begun.TryAdd(Path.GetFileName(path), true);
            }
            return _begun.Count;
        }

        public void Dispose() => _watcher.Dispose();

        private static bool IsTemporary(string? name) =>
            name is not null && name.StartsWith(".checkpoint.npz.", StringComparison.Ordinal) && name.EndsWith(".partial", StringComparison.Ordinal);
    }
}
