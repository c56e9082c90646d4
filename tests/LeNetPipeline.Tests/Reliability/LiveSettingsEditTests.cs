// The README invites editing config/appsettings.json while the worker runs (Pipeline:ComputeParallelism is re-read
// at every epoch). An edit that breaks the settings must be ignored with a warning, never end the run.
using LeNetPipeline.Tests.Data;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Reliability;

[Collection(ReliabilityCollection.Name)]
public class LiveSettingsEditTests(ReliabilityFixture fixture)
{
    public static TheoryData<string, string> BrokenEdits => new()
    {
        { "unknown-key", "\"SliceSize\": 16, \"Turbo\": true," },
        { "wrong-type", "\"SliceSize\": \"sixteen\"," },
        { "out-of-range", "\"SliceSize\": 0," },
    };

    [Theory]
    [MemberData(nameof(BrokenEdits))]
    public async Task A_broken_edit_of_appsettings_during_a_run_is_ignored_and_the_run_goes_on(string name, string sliceSizeLine)
    {
        string root = fixture.Ground.NewDirectory("live-edit-" + name);
        string settings = Path.Combine(root, "config", "appsettings.json");
        Directory.CreateDirectory(Path.GetDirectoryName(settings)!);
        string original = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "config", "appsettings.json"));
        File.WriteAllText(settings, original);
        using WorkerProcess worker = WorkerProcess.Start(fixture.Ground.Settings(Path.Combine(root, "out"), epochs: 10_000), new WorkerStart { WorkingDirectory = root });
        await worker.WaitForOutputAsync(line => line.Contains("Epoch 1/10000 done", StringComparison.Ordinal), TimeSpan.FromMinutes(1));

        File.WriteAllText(settings, original.Replace("\"SliceSize\": 16,", sliceSizeLine, StringComparison.Ordinal));
        string warning = await worker.WaitForOutputAsync(line => line.Contains("Ignored the settings change", StringComparison.Ordinal), TimeSpan.FromMinutes(1));
        string epoch = warning[(warning.IndexOf("before epoch ", StringComparison.Ordinal) + "before epoch ".Length)..].Split(':')[0];
        await worker.WaitForOutputAsync(line => line.Contains($"Epoch {epoch}/10000 done", StringComparison.Ordinal), TimeSpan.FromMinutes(1));
        worker.Terminate();
        WorkerResult run = await worker.WaitForExitAsync(WorkerProcess.FailureTimeout);

        ReliabilityTable.Record("live settings edit", $"appsettings.json edited mid-run: {name}", fixture.Ground.Portable(warning[warning.IndexOf("Ignored", StringComparison.Ordinal)..]), run.ExitCode,
            "run went on; stopped by SIGTERM with its checkpoint");
        Assert.True(run.ExitCode == 0, run.ToString());
    }
}
