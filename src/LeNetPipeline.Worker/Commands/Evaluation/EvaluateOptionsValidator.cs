// Validates section "Evaluate" when the evaluate command starts.
using Microsoft.Extensions.Options;

namespace LeNetPipeline.Worker.Commands.Evaluation;

internal sealed class EvaluateOptionsValidator : IValidateOptions<EvaluateOptions>
{
    public ValidateOptionsResult Validate(string? name, EvaluateOptions options)
    {
        var checks = new Options.SettingChecks(EvaluateOptions.Section);
        checks.OneOf(nameof(options.Split), options.Split, EvaluateOptions.TestSplit, EvaluateOptions.TrainSplit);
        return checks.Result();
    }
}
