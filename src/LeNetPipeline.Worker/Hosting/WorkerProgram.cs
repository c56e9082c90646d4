// The program: picks the command, composes the host, runs it, and turns how the run ended into the exit code and
// one first line on standard error that says what was wrong and where (docs/architecture.md, the outside
// contract). --help and --version are answered before any host exists, so they read no data and write nothing.
// Program.cs calls this; tests call it too, in-process, with their own writers and hooks.
using System.Reflection;
using LeNetPipeline.Worker.Commands.Prediction;
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Worker.Service;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using LeNetPipeline.Worker.Options;
using LeNetPipeline.Worker.Commands;

namespace LeNetPipeline.Worker.Hosting;

public static class WorkerProgram
{
    /// <returns>The process exit code (ExitCodes).</returns>
    public static async Task<int> RunAsync(string[] args, WorkerProgramOptions? options = null) =>
        (await RunForOutcomeAsync(args, options ?? new WorkerProgramOptions()).ConfigureAwait(false)).ExitCode;

    /// <summary>As <see cref="RunAsync"/>, with the failure itself for tests that look at it.</summary>
    internal static async Task<RunOutcome> RunForOutcomeAsync(string[] args, WorkerProgramOptions options)
    {
        RunOutcome outcome;
        try
        {
            outcome = await RunCommandAsync(CommandLine.Parse(args), options).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            outcome = new RunOutcome { ExitCode = ExitCodes.For(exception), Failure = exception };
        }

        if (outcome.Failure is { } failure)
        {
            await options.Error.WriteLineAsync("error: " + ExitCodes.Headline(failure)).ConfigureAwait(false);
            if (!ExitCodes.IsForeseen(failure))
            {
                await options.Error.WriteLineAsync(failure.ToString()).ConfigureAwait(false);
            }
        }
        return outcome;
    }

    /// <summary>The version line: the assembly's version and, when built from a git clone, its commit.</summary>
    public static string VersionLine()
    {
        Assembly assembly = typeof(WorkerProgram).Assembly;
        string version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "unknown";
        // The SDK appends "+<commit>" to the informational version when it builds from a git clone (SourceLink).
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0
            ? $"{UsageText.Program} {version}"
            : $"{UsageText.Program} {version[..plus]} (commit {version[(plus + 1)..]})";
    }

    private static async Task<RunOutcome> RunCommandAsync(CommandLine commandLine, WorkerProgramOptions options)
    {
        if (commandLine.VersionRequested)
        {
            await options.Output.WriteLineAsync(VersionLine()).ConfigureAwait(false);
            return new RunOutcome { ExitCode = ExitCodes.Success };
        }
        if (commandLine.HelpRequested)
        {
            // The verb must be one there is help for; the rest of the line is not checked: help is what was asked.
            CommandLineCheck.Ensure(commandLine with { SettingArgs = [], Inputs = [] }, [.. CommandCatalog.Names]);
            await options.Output.WriteAsync(Help(commandLine, options)).ConfigureAwait(false);
            return new RunOutcome { ExitCode = ExitCodes.Success };
        }
        CommandLineCheck.Ensure(commandLine, [.. CommandCatalog.Names]);

        ContentRoot root = options.Root ?? ContentRoot.Locate();
        HostApplicationBuilder builder = HostComposition.CreateBuilder(commandLine.SettingArgs, root,
            ServiceManagerEnvironment.From(options.EnvironmentVariable));
        CommandCatalog.Register(builder.Services, commandLine);
        using IHost host = builder.Build();
        RunOutcome outcome = host.Services.GetRequiredService<RunOutcome>();
        if (host.Services.GetService<PredictCommand>() is { } predict)
        {
            predict.Output = options.Output;
        }
        options.BeforeRun?.Invoke(host.Services);
        await host.RunAsync(options.Stop).ConfigureAwait(false);
        return outcome;
    }

    private static string Help(CommandLine commandLine, WorkerProgramOptions options)
    {
        ContentRoot? root = options.Root;
        if (root is null)
        {
            try
            {
                root = ContentRoot.Locate();
            }
            catch (InvalidConfigurationException)
            {
                // Help is for exactly this newcomer too: it shows the built-in defaults.
            }
        }
        if (root is null)
        {
            return UsageText.For(commandLine, null, null);
        }
        try
        {
            using ConfigurationManager settings = HostComposition.ReadSettings(commandLine.SettingArgs, root);
            return UsageText.For(commandLine, settings, root.SettingsPath);
        }
        catch (InvalidConfigurationException)
        {
            return UsageText.For(commandLine, null, root.SettingsPath);
        }
    }
}
