// Composes the generic host: configuration (config/appsettings.json, an optional profile, LENET_ environment
// variables, command-line overrides, in rising precedence), options validated at start, logging, and what lets
// a service manager and operators watch the run (systemd notifications, opt-in telemetry).
using LeNetPipeline.Data;
using LeNetPipeline.Worker.Options;
using LeNetPipeline.Worker.Service;
using LeNetPipeline.Worker.Training;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using LeNetPipeline.Worker.Outputs;

namespace LeNetPipeline.Worker.Hosting;

public static class HostComposition
{
    public const string EnvironmentPrefix = "LENET_";
    public const string ProfileKey = "Profile";

    private const string HostInternalsCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    /// <param name="serviceManager">What systemd told the process (NOTIFY_SOCKET, WATCHDOG_USEC); none when null.</param>
    public static HostApplicationBuilder CreateBuilder(string[] settingArgs, ContentRoot root, ServiceManagerEnvironment? serviceManager = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = root.Directory,
            DisableDefaults = true,
        });
        AddConfiguration(builder.Configuration, settingArgs, root);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddConsole();
        // Program reports a failed start itself, as the one first line of the contract; the host's own log of it
        // would put a stack trace ahead of that line in the journal.
        builder.Logging.AddFilter(HostInternalsCategory, LogLevel.Critical);
        // The worker speaks sd_notify itself rather than through AddSystemd: READY belongs to the start of training
        // and the watchdog to its progress, and AddSystemd would replace Logging:Console:FormatterName (json
        // included) with its journal format whenever systemd starts the process.
        builder.Services.AddServiceManagement(serviceManager ?? ServiceManagerEnvironment.None,
            new TelemetrySources([TrainingMeters.MeterName, TelemetrySources.RuntimeMeter]));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton(root);
        builder.Services.AddSingleton<RunOutcome>();
        AddValidatedOptions(builder.Services);
        builder.Services.AddSingleton<DatasetProvider>();
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<TrainingMeters>();
        builder.Services.AddSingleton<RunPictures>();
        return builder;
    }

    /// <summary>The settings a run would read, without composing a host: what --help shows.</summary>
    public static ConfigurationManager ReadSettings(string[] settingArgs, ContentRoot root)
    {
        var configuration = new ConfigurationManager();
        try
        {
            AddConfiguration(configuration, settingArgs, root);
        }
        catch
        {
            configuration.Dispose();
            throw;
        }
        return configuration;
    }

    private static void AddConfiguration(ConfigurationManager configuration, string[] settingArgs, ContentRoot root)
    {
        // The profile is chosen by the same overrides that will later win over it, so read them first.
        var overrides = new ConfigurationBuilder()
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddCommandLine(settingArgs)
            .Build();
        AddSettingsFile(configuration, root.SettingsPath);
        string? profile = overrides[ProfileKey];
        if (!string.IsNullOrWhiteSpace(profile))
        {
            string path = root.ProfilePath(profile);
            if (!File.Exists(path))
            {
                throw new InvalidConfigurationException($"invalid setting {ProfileKey}={profile}: no profile file {path}");
            }
            AddSettingsFile(configuration, path);
        }
        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        configuration.AddCommandLine(settingArgs);
    }

    private static void AddSettingsFile(ConfigurationManager configuration, string path)
    {
        try
        {
            configuration.AddJsonFile(path, optional: false, reloadOnChange: true);
        }
        catch (InvalidDataException exception)
        {
            // The innermost message is the JSON reader's, with the line and position of the mistake.
            string problem = exception.GetBaseException().Message.ReplaceLineEndings(" ");
            throw new InvalidConfigurationException($"invalid settings file {path}: {problem}", exception);
        }
    }

    private static void AddValidatedOptions(IServiceCollection services)
    {
        Add<DataOptions, DataOptionsValidator>(services, DataOptions.Section);
        Add<TrainingOptions, TrainingOptionsValidator>(services, TrainingOptions.Section);
        Add<PipelineOptions, PipelineOptionsValidator>(services, PipelineOptions.Section);
        Add<OutputOptions, RunOptionsValidator>(services, OutputOptions.Section);
        Add<CheckpointOptions, RunOptionsValidator>(services, CheckpointOptions.Section);
        Add<ProgressOptions, RunOptionsValidator>(services, ProgressOptions.Section);
        Add<TelemetryOptions, TelemetryOptionsValidator>(services, TelemetryOptions.Section);
        services.AddOptions<ModelOptions>().BindSettings(ModelOptions.Section).ValidateOnStart();
    }

    private static void Add<TOptions, TValidator>(IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().BindSettings(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
    }
}
