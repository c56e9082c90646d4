// Runs the worker's commands the two ways a user meets them: in-process through WorkerProgram, the body of
// Program.cs (parse, compose the host, register the command, run, map the outcome to an exit code), and as a real process
// from the Worker build beside the tests, to see the exit code and the "error:" line exactly as a shell does.
using LeNetPipeline.Tests.Pipeline;
using LeNetPipeline.Worker.Commands.Prediction;
using LeNetPipeline.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using LeNetPipeline.Worker.Options;
using LeNetPipeline.Tests.Support;
using LeNetPipeline.Worker.Commands;

namespace LeNetPipeline.Tests.Commands;

internal sealed record CommandResult(int ExitCode, Exception? Failure, string Output, string Errors);

internal static class CommandRunner
{
    /// <summary>In-process, through the program itself (WorkerProgram); Output is what it prints (help, predict's
    /// table), Errors what it writes on standard error (the "error:" line first).</summary>
    public static async Task<CommandResult> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var options = new WorkerProgramOptions { Output = output, Error = errors, Root = new ContentRoot(RepositoryPaths.Root) };
        RunOutcome outcome = await WorkerProgram.RunForOutcomeAsync(args, options).WaitAsync(TimeSpan.FromMinutes(5));
        return new CommandResult(outcome.ExitCode, outcome.Failure, output.ToString(), errors.ToString());
    }

    /// <summary>
    /// Predict resolved from the host composed as for a run, called directly so the test sees the full-precision
    /// results rather than the printed table.
    /// </summary>
    public static async Task<IReadOnlyList<ImagePrediction>> PredictAsync(params string[] args)
    {
        CommandLine commandLine = CommandLine.Parse(["predict", .. args]);
        HostApplicationBuilder builder = HostComposition.CreateBuilder(commandLine.SettingArgs, new ContentRoot(RepositoryPaths.Root));
        CommandCatalog.Register(builder.Services, commandLine);
        using IHost host = builder.Build();
        PredictCommand command = host.Services.GetRequiredService<PredictCommand>();
        command.Output = TextWriter.Null;
        return command.Predict(CancellationToken.None);
    }

    /// <summary>As a process, the way a shell runs it (Support/WorkerProcess).</summary>
    public static async Task<CommandResult> RunProcessAsync(params string[] args)
    {
        WorkerResult result = await WorkerProcess.RunAsync(args, TimeSpan.FromMinutes(3));
        return new CommandResult(result.ExitCode, null, result.StandardOutput, result.StandardError);
    }

    /// <summary>The first line of standard error that the program itself wrote (the log may go to stderr too).</summary>
    public static string ErrorLine(this CommandResult result) =>
        result.Errors.Split('\n').FirstOrDefault(line => line.StartsWith("error: ", StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"no 'error:' line in standard error:\n{result.Errors}");
}
