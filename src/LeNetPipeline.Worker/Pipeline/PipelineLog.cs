// The pipeline's own log lines (live retuning of the compute parallelism), source-generated so structured sinks
// get each figure as a field. Their event ids continue the training run's numbering.
using Microsoft.Extensions.Logging;

namespace LeNetPipeline.Worker.Pipeline;

internal static partial class PipelineLog
{
    [LoggerMessage(EventId = 104, Level = LogLevel.Information,
        Message = "Compute parallelism changed from {Previous} to {Current} at the start of epoch {Epoch}")]
    public static partial void ParallelismChanged(ILogger logger, int previous, int current, int epoch);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning,
        Message = "Pipeline:ComputeParallelism={Requested} is above this run's ceiling of {Ceiling}; using {Ceiling} until restart")]
    public static partial void ParallelismCapped(ILogger logger, int requested, int ceiling);

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning,
        Message = "Ignored the settings change before epoch {Epoch}: {Problem}")]
    public static partial void RetuneIgnored(ILogger logger, int epoch, string problem);
}
