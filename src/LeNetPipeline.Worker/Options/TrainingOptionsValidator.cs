// Validates section "Training" at start-up, including the rules that join two settings.
using Microsoft.Extensions.Options;

namespace LeNetPipeline.Worker.Options;

internal sealed class TrainingOptionsValidator : IValidateOptions<TrainingOptions>
{
    public ValidateOptionsResult Validate(string? name, TrainingOptions options)
    {
        var checks = new SettingChecks(TrainingOptions.Section);
        // Zero would train nothing yet replace the output directory's model.npz with untrained weights.
        checks.Range(nameof(options.Epochs), options.Epochs, 1, 10_000);
        checks.Range(nameof(options.BatchSize), options.BatchSize, 1, 60_000);
        checks.Range(nameof(options.LearningRate), options.LearningRate, 0, 100, minExclusive: true);
        checks.Range(nameof(options.Momentum), options.Momentum, 0, 0.999);
        checks.Range(nameof(options.WeightDecay), options.WeightDecay, 0, 1);
        checks.Range(nameof(options.LearningRateDropFactor), options.LearningRateDropFactor, 0, 1, minExclusive: true);
        checks.Range(nameof(options.MaxShift), options.MaxShift, 0, 4);
        checks.Range(nameof(options.DivergenceLoss), options.DivergenceLoss, 2.5, 1e6);
        for (int i = 0; i < options.LearningRateDropEpochs.Length; i++)
        {
            checks.Range($"{nameof(options.LearningRateDropEpochs)}:{i}", options.LearningRateDropEpochs[i], 1, 10_000);
        }
        return checks.Result();
    }
}
