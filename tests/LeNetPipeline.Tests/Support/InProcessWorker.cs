// Runs the worker program in the test process (WorkerProgram, the body of Program.cs) with the repository's
// config/, a test's stand-in for the process environment, and a hook into the host before the command runs.
using LeNetPipeline.Tests.Pipeline;
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Worker.Options;

namespace LeNetPipeline.Tests.Support;

internal sealed class InProcessWorker : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly StringWriter _errors = new();

    private InProcessWorker(string[] args, IReadOnlyDictionary<string, string?> environment, Action<IServiceProvider>? beforeRun)
    {
        var options = new WorkerProgramOptions
        {
            Output = TextWriter.Null,
            Error = _errors,
            Root = new ContentRoot(RepositoryPaths.Root),
            EnvironmentVariable = name => environment.TryGetValue(name, out string? value) ? value : null,
            BeforeRun = beforeRun,
            Stop = _stop.Token,
        };
        // Off the test's thread at once: the host's start runs synchronously up to the command's first await.
        Completion = Task.Run(() => WorkerProgram.RunForOutcomeAsync(args, options));
    }

    public Task<RunOutcome> Completion { get; }

    /// <summary>The "error:" line and anything after it, once the run has ended.</summary>
    public string Errors => _errors.ToString();

    /// <param name="environment">The only environment variables the program's own reads see (NOTIFY_SOCKET and the like).</param>
    public static InProcessWorker Start(string[] args, IReadOnlyDictionary<string, string?>? environment = null, Action<IServiceProvider>? beforeRun = null) =>
        new(args, environment ?? new Dictionary<string, string?>(), beforeRun);

    /// <summary>A graceful stop, as SIGTERM requests one.</summary>
    public void Stop() => _stop.Cancel();

    public async Task<RunOutcome> WaitAsync(TimeSpan timeout) => await Completion.WaitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await Completion.WaitAsync(TimeSpan.FromMinutes(1));
        }
        finally
        {
            _stop.Dispose();
        }
    }
}
