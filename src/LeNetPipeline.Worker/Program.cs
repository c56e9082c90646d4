// Entry point: picks the command, composes the host, runs it, and turns how the run ended into the exit code
// and one first line that says what was wrong and where (docs/architecture.md, The outside contract).
using LeNetPipeline.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using LeNetPipeline.Worker.Options;

RunOutcome outcome;
try
{
    CommandLine commandLine = CommandLine.Parse(args);
    ContentRoot root = ContentRoot.Locate();
    HostApplicationBuilder builder = HostComposition.CreateBuilder(commandLine.SettingArgs, root);
    CommandCatalog.Register(builder.Services, commandLine);
    using IHost host = builder.Build();
    outcome = host.Services.GetRequiredService<RunOutcome>();
    await host.RunAsync();
}
catch (Exception exception)
{
    outcome = new RunOutcome { ExitCode = ExitCodes.For(exception), Failure = exception };
}

if (outcome.Failure is { } failure)
{
    Console.Error.WriteLine("error: " + ExitCodes.Headline(failure));
    if (!ExitCodes.IsForeseen(failure))
    {
        Console.Error.WriteLine(failure.ToString());
    }
}
return outcome.ExitCode;
