// The evaluate command's log lines, source-generated so structured sinks (the JSON console) get each figure as a
// field. Event ids 300-319. The per-class lines share one layout, so with the simple console formatter they line
// up as a table: the widths in the header's literal text are those of the row templates' fields.
using Microsoft.Extensions.Logging;

namespace LeNetPipeline.Worker.Commands.Evaluation;

internal static partial class EvaluateLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information,
        Message = "Evaluating {WeightsPath} on {Dataset} {Split}: {Samples} samples, compute parallelism {Parallelism}")]
    public static partial void Starting(ILogger logger, string weightsPath, string dataset, string split, int samples, int parallelism);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information,
        Message = "Evaluated {Dataset} {Split}: accuracy {Accuracy:P2} ({Correct}/{Samples}), mean loss {MeanLoss:F4}, {Seconds:F2} s at {SamplesPerSecond:F0} samples/s")]
    public static partial void Finished(ILogger logger, string dataset, string split, double accuracy, long correct, long samples, double meanLoss, double seconds, double samplesPerSecond);

    [LoggerMessage(EventId = 308, Level = LogLevel.Warning,
        Message = "{Weights} was trained on {ModelClasses}; scoring it on {DataClasses}, named as the data names them")]
    public static partial void OtherClassNames(ILogger logger, string weights, string modelClasses, string dataClasses);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information,
        Message = "Per class (rows: true class; columns 0-{LastClass}: how many were predicted as each class)")]
    public static partial void TableTitle(ILogger logger, int lastClass);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information,
        Message = "class samples correct accuracy mean loss | {PredictedColumns} | name")]
    public static partial void TableHeader(ILogger logger, string predictedColumns);

    [LoggerMessage(EventId = 304, Level = LogLevel.Information,
        Message = "{Class,5} {Samples,7} {Correct,7} {Accuracy,8:P2} {MeanLoss,9:F4} | {ConfusionRow} | {Name}")]
    public static partial void ClassRow(ILogger logger, int @class, long samples, long correct, double accuracy, double meanLoss, string confusionRow, string name);

    [LoggerMessage(EventId = 305, Level = LogLevel.Information,
        Message = "  all {Samples,7} {Correct,7} {Accuracy,8:P2} {MeanLoss,9:F4} | {PredictedTotals} | predicted in all")]
    public static partial void TotalRow(ILogger logger, long samples, long correct, double accuracy, double meanLoss, string predictedTotals);

    [LoggerMessage(EventId = 306, Level = LogLevel.Information,
        Message = "Wrote {SummaryPath} and {ConfusionPath}")]
    public static partial void FilesWritten(ILogger logger, string summaryPath, string confusionPath);

    [LoggerMessage(EventId = 307, Level = LogLevel.Warning,
        Message = "Evaluation stopped by request before it finished; no files written")]
    public static partial void Stopped(ILogger logger);
}
