// The commands the worker knows and the services each needs. "train" is the default, so the README's run
// command (no verb) trains.
using LeNetPipeline.Worker.Training;
using Microsoft.Extensions.DependencyInjection;
using LeNetPipeline.Worker.Commands;
using LeNetPipeline.Worker.Commands.Train;
using LeNetPipeline.Worker.Options;

namespace LeNetPipeline.Worker.Hosting;

internal static class CommandCatalog
{
    private static readonly Dictionary<string, Action<IServiceCollection>> Registrations = new(StringComparer.Ordinal)
    {
        ["train"] = services => services.AddSingleton<TrainCommand>().AddSingleton<IWorkerCommand>(s => s.GetRequiredService<TrainCommand>()),
        ["evaluate"] = Commands.Evaluation.EvaluateCommand.Register,
        ["predict"] = Commands.Prediction.PredictCommand.Register,
        [Commands.ExportCommand.Name] = Commands.ExportCommand.Register,
    };

    public static IEnumerable<string> Names => Registrations.Keys;

    public static void Register(IServiceCollection services, CommandLine commandLine)
    {
        if (!Registrations.TryGetValue(commandLine.Command, out Action<IServiceCollection>? register))
        {
            throw new InvalidConfigurationException(
                $"unknown command '{commandLine.Command}': allowed {string.Join(" | ", Names)} (train when none is given)");
        }
        services.AddSingleton(commandLine);
        register(services);
        services.AddHostedService<CommandWorker>();
    }
}
