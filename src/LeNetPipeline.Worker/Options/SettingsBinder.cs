// Binds one settings section onto its options class, strictly: an unknown key (a typo such as Training:Epoch)
// or a value of the wrong type (Training:Epochs=NaN) is an invalid setting, reported like every other one, as an
// OptionsValidationException naming the key, the value and what is allowed. The binder's own exceptions would
// reach the user as a crash (exit 1, stack trace) at start, and end a long run when an edit breaks a live reload.
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LeNetPipeline.Worker.Options;

internal static partial class SettingsBinder
{
    /// <summary>Binds the options to <paramref name="section"/> of the host's configuration, strictly, and again
    /// whenever the settings files change (what BindConfiguration does, with this binder's errors).</summary>
    public static OptionsBuilder<TOptions> BindSettings<TOptions>(this OptionsBuilder<TOptions> builder, string section)
        where TOptions : class
    {
        builder.Configure<IConfiguration>((options, configuration) => Bind(configuration.GetSection(section), options));
        builder.Services.AddSingleton<IOptionsChangeTokenSource<TOptions>>(provider =>
            new ConfigurationChangeTokenSource<TOptions>(provider.GetRequiredService<IConfiguration>().GetSection(section)));
        return builder;
    }

    public static void Bind<TOptions>(IConfigurationSection section, TOptions options)
        where TOptions : class
    {
        try
        {
            // Strict, so that an array element of the wrong type fails instead of silently vanishing.
            section.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException exception)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(TOptions),
                [Describe(section, typeof(TOptions), exception)]);
        }
    }

    private static string Describe(IConfigurationSection section, Type optionsType, InvalidOperationException exception)
    {
        for (Exception? cause = exception; cause is not null; cause = cause.InnerException)
        {
            Match conversion = ConversionFailure().Match(cause.Message);
            if (conversion.Success)
            {
                return SettingError.Describe(conversion.Groups["key"].Value, conversion.Groups["value"].Value, Allowed(conversion.Groups["type"].Value));
            }
        }
        string[] known = optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.CanWrite)
            .Select(property => property.Name)
            .ToArray();
        IConfigurationSection? unknown = section.GetChildren().FirstOrDefault(child => !known.Contains(child.Key, StringComparer.OrdinalIgnoreCase));
        if (unknown is not null)
        {
            return SettingError.Describe(unknown.Path, unknown.Value, $"no such setting; {section.Key} has {string.Join(", ", known)}");
        }
        return $"invalid settings in section {section.Key}: {exception.Message}";
    }

    private static string Allowed(string type) => type switch
    {
        "System.Int32" => $"allowed a whole number from {int.MinValue} to {int.MaxValue}",
        "System.UInt64" => $"allowed a whole number from 0 to {ulong.MaxValue}",
        "System.Double" => "allowed a number",
        "System.Boolean" => "allowed true | false",
        _ => $"allowed a value of type {type}",
    };

    [GeneratedRegex(@"^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']*)' to type '(?<type>[^']*)'", RegexOptions.Singleline)]
    private static partial Regex ConversionFailure();
}
