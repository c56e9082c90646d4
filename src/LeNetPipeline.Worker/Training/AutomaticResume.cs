// Checkpoint:ResumeFrom=auto, what a service's restart needs: the very same command continues the run it
// interrupted. The output directory's checkpoint.npz is resumed when it was written with this run's settings; a
// run starts afresh when there is none; a checkpoint of another run is refused, before anything is written, so a
// mistaken restart never overwrites another run's results.
using System.Text.Json;
using LeNetPipeline.Weights;
using LeNetPipeline.Worker.Outputs;

namespace LeNetPipeline.Worker.Training;

internal static class AutomaticResume
{
    public const string Setting = "auto";

    public static bool IsRequested(string resumeFrom) => string.Equals(resumeFrom.Trim(), Setting, StringComparison.OrdinalIgnoreCase);

    /// <summary>The checkpoint this run continues, or null for a fresh start.</summary>
    /// <exception cref="AutomaticResumeRefusedException">The checkpoint belongs to another run.</exception>
    public static TrainingCheckpoint? Find(string outputDirectory, CheckpointIdentity run)
    {
        string path = Path.Combine(outputDirectory, RunOutputs.CheckpointFile);
        if (!File.Exists(path))
        {
            return null;
        }
        TrainingCheckpoint checkpoint = TrainingCheckpoint.Read(path);
        IReadOnlyList<string> differences = checkpoint.Identity.DifferencesFrom(run);
        if (differences.Count > 0)
        {
            throw new AutomaticResumeRefusedException(
                $"invalid setting Checkpoint:ResumeFrom={Setting}: {path} belongs to another run ({differences[0]}); " +
                "every file is kept: give this run another Output:Directory, or move that run's files away");
        }
        return checkpoint;
    }

    /// <summary>True when the checkpoint has every epoch of the run done and the outputs of its end are in place
    /// (summary.json naming the checkpoint's weights, model.npz): nothing is left to do. A run killed between its
    /// last checkpoint and its summary still has those to write, and resumes to write them.</summary>
    public static bool IsFinished(TrainingCheckpoint checkpoint, int epochs, string outputDirectory)
    {
        if (checkpoint.State.Epoch <= epochs || !File.Exists(Path.Combine(outputDirectory, RunOutputs.ModelFile)))
        {
            return false;
        }
        string summaryPath = Path.Combine(outputDirectory, RunOutputs.SummaryFile);
        if (!File.Exists(summaryPath))
        {
            return false;
        }
        try
        {
            using JsonDocument summary = JsonDocument.Parse(File.ReadAllBytes(summaryPath));
            return summary.RootElement.TryGetProperty("weights_sha256", out JsonElement sha)
                && sha.GetString() == WeightsHash.Sha256Hex(checkpoint.Parameters);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
