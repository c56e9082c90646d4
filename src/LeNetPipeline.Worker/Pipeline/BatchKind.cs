// What a batch is for: a training batch ends in an update; an evaluation part only in metrics.
namespace LeNetPipeline.Worker.Pipeline;

internal enum BatchKind
{
    Train,
    Evaluate,
}
