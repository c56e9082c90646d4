// systemd's side of a run, seen through a real unix datagram socket given as NOTIFY_SOCKET: READY when training
// starts, STATUS lines that say where the run is, WATCHDOG pings that come from completed batches only (so a
// pipeline held still by the test sends none, and systemd would notice), STOPPING on SIGTERM, and JSON logs
// that stay JSON in the environment systemd gives a service.
using System.Text.Json;
using LeNetPipeline.Tests.Reliability;
using LeNetPipeline.Tests.Support;
using LeNetPipeline.Worker.Hosting;
using Xunit.Abstractions;

namespace LeNetPipeline.Tests.Service;

[Collection(ReliabilityCollection.Name)]
public class SystemdNotifyTests(ReliabilityFixture fixture, ITestOutputHelper log)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>How long the held pipeline is watched for pings, once those of batches already under way are in:
    /// a moving pipeline pings every few milliseconds here.</summary>
    private static readonly TimeSpan HeldWindow = TimeSpan.FromSeconds(2);

    private static Lazy<Task<HeldRun>>? _heldRun;

    [Fact]
    public async Task Ready_comes_once_training_starts_before_any_watchdog_ping()
    {
        HeldRun run = await HeldRunAsync();
        int ready = run.IndexOf(m => m.Text == "READY=1");
        int firstPing = run.IndexOf(m => m.IsWatchdog);
        Assert.True(ready >= 0 && firstPing > ready && run.Messages.Count(m => m.Text == "READY=1") == 1, run.ToString());
    }

    [Fact]
    public async Task Status_lines_name_the_epoch_batch_speed_and_last_test_accuracy()
    {
        HeldRun run = await HeldRunAsync();
        Assert.Contains(run.Messages, m => m.Text.StartsWith("STATUS=epoch 1/2, batch ", StringComparison.Ordinal) && m.Text.Contains("last test accuracy none yet", StringComparison.Ordinal));
        NotifyMessage? status = run.Messages.FirstOrDefault(m => System.Text.RegularExpressions.Regex.IsMatch(m.Text,
            @"^STATUS=epoch 2/2, batch \d+/8, \d+ samples/s, last test accuracy \d+\.\d\d %$"));
        log.WriteLine(status?.Text ?? "none");
        Assert.True(status is not null, run.ToString());
    }

    [Fact]
    public async Task Watchdog_pings_while_batches_complete_and_none_while_the_pipeline_is_held()
    {
        HeldRun run = await HeldRunAsync();
        Assert.True(run.Messages.Any(m => m.IsWatchdog && m.At < run.HeldAt), "no ping before the hold\n" + run);
        Assert.True(!run.Messages.Any(m => m.IsWatchdog && m.At >= run.QuietFrom && m.At <= run.QuietTo), "a ping while held\n" + run);
        Assert.True(run.Messages.Any(m => m.IsWatchdog && m.At > run.QuietTo), "no ping after the release\n" + run);
    }

    [Fact]
    public async Task A_finished_run_tells_systemd_it_is_stopping_and_exits_0()
    {
        HeldRun run = await HeldRunAsync();
        int stopping = run.IndexOf(m => m.Text == "STOPPING=1");
        int lastStatus = run.Messages.Select((m, i) => (m, i)).Last(p => p.m.Text.StartsWith("STATUS=", StringComparison.Ordinal)).i;
        Assert.True(run.ExitCode == ExitCodes.Success && stopping > lastStatus, run.ToString());
    }

    [Fact]
    public async Task Sigterm_sends_stopping_then_the_worker_exits_0()
    {
        using var socket = new NotifySocket();
        string output = fixture.Ground.NewDirectory("notify-sigterm");
        using WorkerProcess worker = WorkerProcess.Start([.. fixture.Ground.Settings(output, epochs: 500)],
            new WorkerStart { Environment = socket.Environment(TimeSpan.FromSeconds(30)) });
        await socket.WaitForAsync(m => m.Text == "READY=1", Patience, "READY=1");
        await socket.WaitForAsync(m => m.IsWatchdog, Patience, "watchdog ping");

        TimeSpan terminated = socket.Now;
        worker.Terminate();
        NotifyMessage stopping = await socket.WaitForAsync(m => m.Text == "STOPPING=1", Patience, "STOPPING=1");
        WorkerResult result = await worker.WaitForExitAsync(Patience);

        Assert.True(result.ExitCode == ExitCodes.Success && stopping.At >= terminated, $"{result}\n{string.Join('\n', socket.Messages)}");
    }

    [Fact]
    public async Task Json_logs_stay_json_when_systemd_starts_the_worker()
    {
        using var socket = new NotifySocket();
        string output = fixture.Ground.NewDirectory("notify-json");
        Dictionary<string, string?> environment = socket.Environment();
        environment["INVOCATION_ID"] = "0123456789abcdef0123456789abcdef";
        WorkerResult result = await WorkerProcess.RunAsync(
            [.. fixture.Ground.Settings(output), "--Logging:Console:FormatterName=json"], Patience, new WorkerStart { Environment = environment });

        Assert.True(result.ExitCode == 0 && result.OutputLines.Count > 0, result.ToString());
        Assert.All(result.OutputLines, line =>
        {
            using JsonDocument entry = JsonDocument.Parse(line);
            Assert.True(entry.RootElement.TryGetProperty("Message", out _), line);
        });
    }

    private Task<HeldRun> HeldRunAsync() =>
        LazyInitializer.EnsureInitialized(ref _heldRun, () => new Lazy<Task<HeldRun>>(() => HeldRun.RunAsync(fixture.Ground))).Value;

    /// <summary>Two epochs of 8 batches, held before batch 3 of epoch 2, with a 4 ms watchdog (a ping for nearly
    /// every batch) and a STATUS line for every batch.</summary>
    private sealed record HeldRun(IReadOnlyList<NotifyMessage> Messages, TimeSpan HeldAt, TimeSpan QuietFrom, TimeSpan QuietTo, int ExitCode, string Errors)
    {
        public int IndexOf(Func<NotifyMessage, bool> match) => Messages.Select((m, i) => (m, i)).FirstOrDefault(p => match(p.m), (null!, -1)).Item2;

        public override string ToString() =>
            $"exit {ExitCode} {Errors}; held at {HeldAt.TotalSeconds:F3} s, quiet {QuietFrom.TotalSeconds:F3}..{QuietTo.TotalSeconds:F3} s\n{string.Join('\n', Messages)}";

        public static async Task<HeldRun> RunAsync(ReliabilityGround ground)
        {
            using var socket = new NotifySocket();
            var hold = new PipelineHold(epoch: 2, batch: 3);
            string output = ground.NewDirectory("notify-held");
            await using InProcessWorker worker = InProcessWorker.Start(
                [.. ground.Settings(output, epochs: 2), "--Progress:IntervalSeconds=0.001"],
                socket.Environment(TimeSpan.FromMilliseconds(4)), hold.InstallIn);
            // Released before the worker is disposed, so a failing test never leaves the run held.
            using PipelineHold releaseFirst = hold;
            await hold.Reached.WaitAsync(Patience);
            TimeSpan heldAt = socket.Now;

            // Batches before the held one may still complete; once they have, the pipeline is still.
            TimeSpan quietFrom = await QuietAsync(socket, heldAt);
            await Task.Delay(HeldWindow);
            TimeSpan quietTo = socket.Now;

            hold.Release();
            var outcome = await worker.WaitAsync(Patience);
            // Sent before the run returned; the socket may not have read it yet.
            await socket.WaitForAsync(m => m.Text == "STOPPING=1", Patience, "STOPPING=1");
            return new HeldRun(socket.Messages, heldAt, quietFrom, quietTo, outcome.ExitCode, worker.Errors);
        }

        /// <summary>Waits until a second has passed without a ping; returns when that second began.</summary>
        private static async Task<TimeSpan> QuietAsync(NotifySocket socket, TimeSpan since)
        {
            TimeSpan quiet = TimeSpan.FromSeconds(1);
            var deadline = System.Diagnostics.Stopwatch.StartNew();
            while (deadline.Elapsed < Patience)
            {
                TimeSpan last = socket.Messages.LastOrDefault(m => m.IsWatchdog)?.At ?? since;
                TimeSpan from = last > since ? last : since;
                if (socket.Now - from >= quiet)
                {
                    return from + TimeSpan.FromTicks(1);
                }
                await Task.Delay(TimeSpan.FromMilliseconds(50));
            }
            throw new TimeoutException("the held pipeline kept pinging:\n" + string.Join('\n', socket.Messages));
        }
    }
}
