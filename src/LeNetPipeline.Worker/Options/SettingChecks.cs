// Collects the failures of one options class at start-up, each already one line (SettingError's form).
namespace LeNetPipeline.Worker.Options;

/// <summary>Collects the failures of one options class, each already one line.</summary>
internal sealed class SettingChecks(string section)
{
    private readonly List<string> _failures = [];

    public IReadOnlyList<string> Failures => _failures;

    public void Range(string key, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            _failures.Add(SettingError.Describe($"{section}:{key}", value, $"allowed {min} to {max}"));
        }
    }

    public void Range(string key, double value, double min, double max, bool minExclusive = false)
    {
        bool tooLow = minExclusive ? value <= min : value < min;
        if (!double.IsFinite(value) || tooLow || value > max)
        {
            string lower = minExclusive ? $"more than {min}" : $"from {min}";
            _failures.Add(SettingError.Describe($"{section}:{key}", value, $"allowed a finite number {lower} up to {max}"));
        }
    }

    public void OneOf(string key, string value, params string[] allowed)
    {
        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            _failures.Add(SettingError.Describe($"{section}:{key}", value, "allowed " + string.Join(" | ", allowed)));
        }
    }

    public void Require(bool condition, string key, object? value, string allowed)
    {
        if (!condition)
        {
            _failures.Add(SettingError.Describe($"{section}:{key}", value, allowed));
        }
    }

    public Microsoft.Extensions.Options.ValidateOptionsResult Result() =>
        _failures.Count == 0
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Success
            : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(_failures);
}
