// The sample unit a user installs: Type=notify with a watchdog, restarts that continue the run, no restart for
// failures a restart cannot fix (the exit codes 2, 3 and 4), and systemd's own verdict on the file where
// systemd-analyze is installed (.ci/run installs it).
using System.Diagnostics;
using LeNetPipeline.Tests.Pipeline;
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Service;

public class ServiceUnitTests
{
    private static readonly string Unit = Path.Combine(RepositoryPaths.Root, "config", "lenet-pipeline.service");

    [Fact]
    public void The_unit_is_a_notify_service_with_a_watchdog_that_resumes_and_does_not_restart_hopeless_failures()
    {
        Dictionary<string, List<string>> settings = File.ReadLines(Unit)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && line[0] != '#' && line[0] != '[' && line.Contains('=', StringComparison.Ordinal))
            .Select(line => (Key: line[..line.IndexOf('=', StringComparison.Ordinal)], Value: line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..]))
            .GroupBy(pair => pair.Key)
            .ToDictionary(group => group.Key, group => group.Select(pair => pair.Value).ToList());

        Assert.Equal(["notify"], settings["Type"]);
        Assert.Single(settings["WatchdogSec"]);
        Assert.Equal(["on-failure"], settings["Restart"]);
        Assert.Equal(
            new[] { ExitCodes.InvalidConfiguration, ExitCodes.InvalidInput, ExitCodes.Diverged }.Order(),
            settings["RestartPreventExitStatus"].Single().Split(' ').Select(int.Parse).Order());
        Assert.Contains("LENET_Checkpoint__ResumeFrom=auto", settings["Environment"]);
        Assert.Equal(["strict"], settings["ProtectSystem"]);
        Assert.Equal(["yes"], settings["NoNewPrivileges"]);
        Assert.Contains("network-online.target", settings["Wants"]);
        Assert.Contains("network-online.target", settings["After"]);
    }

    [Fact]
    public async Task Systemd_analyze_verify_accepts_the_unit_where_it_is_installed()
    {
        if (!File.Exists("/usr/bin/systemd-analyze") && !File.Exists("/bin/systemd-analyze"))
        {
            return;
        }
        var start = new ProcessStartInfo("systemd-analyze") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("verify");
        start.ArgumentList.Add(Unit);
        using Process verify = Process.Start(start)!;
        Task<string> output = verify.StandardOutput.ReadToEndAsync();
        string errors = await verify.StandardError.ReadToEndAsync();
        await verify.WaitForExitAsync();
        Assert.True(verify.ExitCode == 0 && errors.Length == 0, $"exit {verify.ExitCode}\n{await output}{errors}");
    }
}
