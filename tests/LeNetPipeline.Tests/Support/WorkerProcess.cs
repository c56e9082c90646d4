// Runs the real worker binary the way a user or a service manager does: `dotnet LeNetPipeline.Worker.dll` with
// the repository root as working directory (so config/appsettings.json is found), and records what they see:
// exit code, standard output and error, time taken. Signals are real ones (SIGTERM through kill(2), SIGKILL).
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace LeNetPipeline.Tests.Support;

/// <summary>How to start the worker besides its arguments.</summary>
internal sealed record WorkerStart
{
    /// <summary>Environment variables to set, or to remove where the value is null (LENET_ ones inherited from the
    /// test run are always removed, so a developer's own settings never change a result).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Where the worker starts, which decides the config/ it finds; the repository root by default.</summary>
    public string WorkingDirectory { get; init; } = RepositoryPaths.Root;

    /// <summary>
    /// Make file permissions apply even when the tests run as root: the worker then runs without the
    /// capabilities that override them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), through setpriv.
    /// </summary>
    public bool WithoutPermissionOverride { get; init; }
}

/// <summary>What a finished worker left: the exit code, everything it printed, and how long it ran.</summary>
internal sealed record WorkerResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed, bool TimedOut)
{
    /// <summary>The first line on standard error: where the contract puts the one line saying what was wrong.</summary>
    public string FirstErrorLine => ErrorLines.Count > 0 ? ErrorLines[0] : "";

    public IReadOnlyList<string> ErrorLines => StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public IReadOnlyList<string> OutputLines => StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public override string ToString() =>
        $"exit {ExitCode} after {Elapsed.TotalSeconds:F1} s{(TimedOut ? " (timed out, killed)" : "")}\n--- stderr ---\n{StandardError}\n--- stdout (last lines) ---\n{string.Join('\n', OutputLines.TakeLast(15))}";
}

internal sealed partial class WorkerProcess : IDisposable
{
    /// <summary>Long enough for a loaded CI machine, short enough that a hang fails the test instead of the suite.</summary>
    public static readonly TimeSpan FailureTimeout = TimeSpan.FromSeconds(30);

    private const int SigTerm = 15;
    private const int SigKill = 9;

    private readonly Process _process;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly ArrivalWatchers<string> _watchers = new();

    private WorkerProcess(Process process) => _process = process;

    public static string WorkerDll { get; } = Path.Combine(AppContext.BaseDirectory, "LeNetPipeline.Worker.dll");

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static WorkerProcess Start(IEnumerable<string> arguments, WorkerStart? start = null)
    {
        start ??= new WorkerStart();
        string dotnet = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo
        {
            WorkingDirectory = start.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (start.WithoutPermissionOverride && IsRoot)
        {
            info.FileName = "setpriv";
            info.ArgumentList.Add("--bounding-set=-dac_override,-dac_read_search");
            info.ArgumentList.Add(dotnet);
        }
        else
        {
            info.FileName = dotnet;
        }
        info.ArgumentList.Add(WorkerDll);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (string inherited in info.Environment.Keys.Where(k => k.StartsWith("LENET_", StringComparison.Ordinal)).ToArray())
        {
            info.Environment.Remove(inherited);
        }
        foreach ((string name, string? value) in start.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = info };
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, line) => worker.Received(worker._stdout, line.Data, watch: true);
        process.ErrorDataReceived += (_, line) => worker.Received(worker._stderr, line.Data, watch: false);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Runs the worker to its end with the usual start, as a shell does; a hang fails after two minutes.</summary>
    public static Task<WorkerResult> RunAsync(params string[] arguments) => RunAsync(arguments, TimeSpan.FromMinutes(2));

    /// <summary>Starts the worker and waits for it to end (killing it after <paramref name="timeout"/>).</summary>
    public static async Task<WorkerResult> RunAsync(IEnumerable<string> arguments, TimeSpan timeout, WorkerStart? start = null)
    {
        using WorkerProcess worker = Start(arguments, start);
        return await worker.WaitForExitAsync(timeout);
    }

    /// <summary>Completes with the first standard-output line matching <paramref name="match"/>, seen so far or later.</summary>
    public async Task<string> WaitForOutputAsync(Func<string, bool> match, TimeSpan timeout)
    {
        Task<string> seen;
        lock (_gate)
        {
            string? already = _stdout.ToString().Split('\n').FirstOrDefault(match);
            if (already is not null)
            {
                return already;
            }
            seen = _watchers.Add(match);
        }
        Task exited = _process.WaitForExitAsync();
        Task first = await Task.WhenAny(seen, exited, Task.Delay(timeout));
        if (first == seen)
        {
            return await seen;
        }
        string why = first == exited ? $"the worker exited with {_process.ExitCode}" : $"{timeout.TotalSeconds:F0} s passed";
        throw new TimeoutException($"no matching output line before {why}\n--- stdout ---\n{Snapshot(_stdout)}\n--- stderr ---\n{Snapshot(_stderr)}");
    }

    /// <summary>SIGTERM, as systemctl stop or kill send it: a request to stop gracefully.</summary>
    public void Terminate()
    {
        if (Kill(Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({Id}, SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>SIGKILL (kill -9): the process ends at once, wherever it was. Sent straight through kill(2):
    /// Process.Kill first walks /proc for child processes, which on a busy machine takes milliseconds.</summary>
    public void KillHard()
    {
        if (Kill(Id, SigKill) != 0 && !_process.HasExited)
        {
            throw new InvalidOperationException($"kill({Id}, SIGKILL) failed with errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public async Task<WorkerResult> WaitForExitAsync(TimeSpan timeout)
    {
        bool timedOut = false;
        using (var deadline = new CancellationTokenSource(timeout))
        {
            try
            {
                await _process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
            }
        }
        if (timedOut)
        {
            KillHard();
            // Waits for the output streams to close as well, so nothing printed is lost.
            await _process.WaitForExitAsync();
        }
        TimeSpan elapsed = _clock.Elapsed;
        return new WorkerResult(_process.ExitCode, Snapshot(_stdout), Snapshot(_stderr), elapsed, timedOut);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            KillHard();
            _process.WaitForExit();
        }
        _process.Dispose();
    }

    private void Received(StringBuilder buffer, string? line, bool watch)
    {
        if (line is null)
        {
            return;
        }
        Action completeWaiters = () => { };
        lock (_gate)
        {
            buffer.Append(line).Append('\n');
            if (watch)
            {
                completeWaiters = _watchers.Arrive(line);
            }
        }
        completeWaiters();
    }

    private string Snapshot(StringBuilder buffer)
    {
        lock (_gate)
        {
            return buffer.ToString();
        }
    }

    public static bool IsRoot => GetEffectiveUserId() == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
