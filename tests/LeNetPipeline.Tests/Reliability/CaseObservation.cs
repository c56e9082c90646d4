// One malformed-input case run against the real worker: what the user saw (exit code, first line, time) and
// what became of the earlier run's files in the output directory, recorded for docs/reliability.md.
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Reliability;

internal sealed record CaseObservation(MalformedInputCase Case, ArrangedCase Arranged, WorkerResult Result, IReadOnlyList<string> OutputChanges)
{
    public static async Task<CaseObservation> RunAsync(ReliabilityGround ground, MalformedInputCase @case)
    {
        var folder = new CaseFolder(ground, ground.NewDirectory(@case.Name));
        ArrangedCase arranged = @case.Arrange(folder);
        WorkerResult result = await WorkerProcess.RunAsync(arranged.Arguments, WorkerProcess.FailureTimeout, arranged.Start);
        IReadOnlyList<string> changes = OutputFiles.DifferencesFrom(folder.Output, ground.EarlierRun);
        string kept = changes.Count == 0
            ? $"earlier run's {ground.EarlierRun.Count} files byte-identical"
            : "CHANGED: " + string.Join("; ", changes);
        ReliabilityTable.Record(@case.Area, @case.Name, ground.Portable(result.FirstErrorLine), result.ExitCode, kept);
        return new CaseObservation(@case, arranged, result, changes);
    }
}
