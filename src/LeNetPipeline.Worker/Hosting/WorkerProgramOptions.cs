// What the program takes from its process besides the arguments; a test replaces each with its own.

using LeNetPipeline.Worker.Options;

namespace LeNetPipeline.Worker.Hosting;

public sealed class WorkerProgramOptions
{
    /// <summary>Where help, the version and predict's table go.</summary>
    public TextWriter Output { get; init; } = Console.Out;

    /// <summary>Where the "error:" line of a failure goes.</summary>
    public TextWriter Error { get; init; } = Console.Error;

    /// <summary>The directory holding config/; null: found from the working directory (ContentRoot.Locate).</summary>
    public ContentRoot? Root { get; init; }

    /// <summary>Reads the service manager's variables (NOTIFY_SOCKET, WATCHDOG_USEC).</summary>
    public Func<string, string?> EnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Called with the built host's services before the command runs (test hooks).</summary>
    public Action<IServiceProvider>? BeforeRun { get; init; }

    /// <summary>Requests a graceful stop, as SIGTERM does.</summary>
    public CancellationToken Stop { get; init; }
}
