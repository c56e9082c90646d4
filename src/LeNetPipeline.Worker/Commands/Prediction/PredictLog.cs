// The predict command's log lines, source-generated so structured sinks get each figure as a field. Event ids
// 320-339. They go to standard error (see PredictCommand.Register): standard output carries only the results table.
using Microsoft.Extensions.Logging;

namespace LeNetPipeline.Worker.Commands.Prediction;

internal static partial class PredictLog
{
    [LoggerMessage(EventId = 320, Level = LogLevel.Information,
        Message = "Classifying {Count} image(s) with weights {WeightsPath}")]
    public static partial void Starting(ILogger logger, int count, string weightsPath);

    [LoggerMessage(EventId = 321, Level = LogLevel.Information,
        Message = "{ImagePath}: {Prediction} with probability {Probability:P2} ({Width}x{Height}, {Preparation}); probabilities in label order: {Probabilities}")]
    public static partial void Predicted(ILogger logger, string imagePath, string prediction, double probability, int width, int height, string preparation, string probabilities);

    [LoggerMessage(EventId = 322, Level = LogLevel.Warning,
        Message = "{ImagePath}: near-tie: the two most likely classes differ by less than {Tolerance} in probability; float and double forward passes broke it differently, reported {Prediction}")]
    public static partial void NearTie(ILogger logger, string imagePath, double tolerance, string prediction);

    [LoggerMessage(EventId = 323, Level = LogLevel.Warning,
        Message = "Prediction stopped by request before it finished; nothing printed")]
    public static partial void Stopped(ILogger logger);
}
