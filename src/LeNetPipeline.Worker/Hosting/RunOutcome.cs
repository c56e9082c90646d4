// How the run ended: the worker records it, Program turns it into the exit code once the host has stopped.
namespace LeNetPipeline.Worker.Hosting;

/// <summary>How the run ended, set by the worker and read by Program once the host has stopped.</summary>
public sealed class RunOutcome
{
    public int ExitCode { get; set; } = ExitCodes.Failure;

    public Exception? Failure { get; set; }
}
