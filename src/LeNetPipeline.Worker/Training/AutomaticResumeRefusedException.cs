// Checkpoint:ResumeFrom=auto found a checkpoint of another run in the output directory: a setting problem
// (exit 2) that restarting cannot fix, so the service manager does not retry it.
namespace LeNetPipeline.Worker.Training;

public sealed class AutomaticResumeRefusedException(string message) : Exception(message);
