// Runs the worker the way a user does, as its own process (the build copies it beside the tests), from the
// repository root so it finds config/appsettings.json: what the exit code and the first error line really are.
using System.Diagnostics;
using LeNetPipeline.Tests.Pipeline;

namespace LeNetPipeline.Tests.Export;

internal static class WorkerProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        /// <summary>The first line on standard error: the one that must say what was wrong and where.</summary>
        public string FirstErrorLine => Error.Split('\n', 2)[0].TrimEnd('\r');
    }

    public static async Task<Result> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = TrainingHarness.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "LeNetPipeline.Worker.dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // Settings come from the arguments alone, whatever the environment of the test run holds.
        foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("LENET_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("the worker did not start");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new Result(process.ExitCode, await output, await error);
    }
}
