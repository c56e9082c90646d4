// The background service: runs the chosen command once and then ends the host (a finished ExecuteAsync alone
// would leave the process running), recording the exit code. The stopping token is the SIGINT/SIGTERM request.
using LeNetPipeline.Worker.Service;
using LeNetPipeline.Worker.Training;
using Microsoft.Extensions.Hosting;
using LeNetPipeline.Worker.Commands;
using LeNetPipeline.Worker.Commands.Train;

namespace LeNetPipeline.Worker.Hosting;

internal sealed class CommandWorker(IWorkerCommand command, CommandLine commandLine, RunOutcome outcome, IHostApplicationLifetime lifetime, RunHeartbeat heartbeat)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Leave the host's start-up path at once: commands are long and CPU-bound.
            await Task.Yield();
            if (command is TrainCommand)
            {
                // Evaluate, predict and export check their own file arguments.
                CommandLineCheck.EnsureNoInputs(commandLine, [.. CommandCatalog.Names]);
            }
            else
            {
                // Training tells the service manager it is ready once its data is loaded; the others at once.
                heartbeat.Ready();
            }
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
