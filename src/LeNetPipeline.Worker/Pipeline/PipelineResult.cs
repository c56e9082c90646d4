// What a pipeline run tells its caller beyond the state and weights it changed in place.
namespace LeNetPipeline.Worker.Pipeline;

/// <summary>How the run ended and what it counted: Stopped when a stop request ended it at a batch boundary.</summary>
internal sealed record PipelineResult(bool Stopped, long TrainedSamples, long EvaluatedSamples, TimeSpan EvaluationTime);
