// The background service: runs the chosen command once and then ends the host (a finished ExecuteAsync alone
// would leave the process running), recording the exit code. The stopping token is the SIGINT/SIGTERM request.
using Microsoft.Extensions.Hosting;
using LeNetPipeline.Worker.Commands;

namespace LeNetPipeline.Worker.Hosting;

internal sealed class CommandWorker(IWorkerCommand command, RunOutcome outcome, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Leave the host's start-up path at once: commands are long and CPU-bound.
            await Task.Yield();
            await command.RunAsync(stoppingToken);
            outcome.ExitCode = ExitCodes.Success;
        }
        catch (Exception exception)
        {
            outcome.ExitCode = ExitCodes.For(exception);
            outcome.Failure = exception;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }
}
