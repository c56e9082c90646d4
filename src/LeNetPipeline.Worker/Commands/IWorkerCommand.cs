// A command the worker runs (train, evaluate, predict, export): one unit of work under the generic host.
namespace LeNetPipeline.Worker.Commands;

public interface IWorkerCommand
{
    /// <param name="stoppingToken">Signalled by SIGINT/SIGTERM: stop at the next safe point.</param>
    Task RunAsync(CancellationToken stoppingToken);
}
