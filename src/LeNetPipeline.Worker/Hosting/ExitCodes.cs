// The process's exit codes (README, Exit codes), and which failure maps to which.
// 2, 3 and 4 are failures a restart cannot fix: the service unit lists them in RestartPreventExitStatus.
using LeNetPipeline.Worker.Options;
using Microsoft.Extensions.Options;

namespace LeNetPipeline.Worker.Hosting;

public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int InvalidConfiguration = 2;
    public const int InvalidInput = 3;
    public const int Diverged = 4;

    public static int For(Exception exception) => exception switch
    {
        OptionsValidationException or InvalidConfigurationException or Training.AutomaticResumeRefusedException => InvalidConfiguration,
        // The host validates every options class at start and gathers their failures when more than one fails.
        AggregateException { InnerExceptions.Count: > 0 } several when several.InnerExceptions.All(e => For(e) == InvalidConfiguration) => InvalidConfiguration,
        _ when IsBindingFailure(exception) => InvalidConfiguration,
        InvalidInputException => InvalidInput,
        Pipeline.TrainingDivergedException => Diverged,
        _ => Failure,
    };

    /// <summary>Failures the program foresaw: their one line says it all, a stack trace would only be noise.</summary>
    public static bool IsForeseen(Exception exception) =>
        For(exception) != Failure;

    /// <summary>The configuration binder's error for a value of the wrong type, e.g. Training:Epochs=abc, or for a
    /// key its section does not have, e.g. Training:Epoch=3 (ErrorOnUnknownConfiguration).</summary>
    private static bool IsBindingFailure(Exception exception) =>
        exception is InvalidOperationException
        && (exception.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal)
            || exception.Message.StartsWith("'ErrorOnUnknownConfiguration' was set", StringComparison.Ordinal));

    /// <summary>The one line that says what was wrong and where; detail, if any, comes after it.</summary>
    public static string Headline(Exception exception) => exception switch
    {
        OptionsValidationException validation => string.Join(Environment.NewLine, validation.Failures),
        AggregateException several when For(several) == InvalidConfiguration => string.Join(Environment.NewLine, several.InnerExceptions.Select(Headline)),
        InvalidConfigurationException or InvalidInputException or Pipeline.TrainingDivergedException or Training.AutomaticResumeRefusedException => exception.Message,
        _ when IsBindingFailure(exception) => "invalid setting: " + exception.Message,
        _ => $"training failed: {exception.Message}",
    };
}
