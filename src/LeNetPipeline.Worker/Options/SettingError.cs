// Builds the one-line message every invalid setting gets: the key, the value, and what is allowed.
namespace LeNetPipeline.Worker.Options;

internal static class SettingError
{
    public static string Describe(string key, object? value, string allowed) =>
        $"invalid setting {key}={Format(value)}: {allowed}";

    private static string Format(object? value) => value switch
    {
        null => "(empty)",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        float f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "(empty)",
    };
}
