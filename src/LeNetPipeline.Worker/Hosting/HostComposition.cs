// Composes the generic host: configuration (config/appsettings.json, an optional profile, LENET_ environment
// variables, command-line overrides, in rising precedence), options validated at start, logging, systemd.
using LeNetPipeline.Data;
using LeNetPipeline.Worker.Options;
using LeNetPipeline.Worker.Training;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeNetPipeline.Worker.Hosting;

public static class HostComposition
{
    public const string EnvironmentPrefix = "LENET_";
    public const string ProfileKey = "Profile";

    public static HostApplicationBuilder CreateBuilder(string[] settingArgs, ContentRoot root)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = root.Directory,
            DisableDefaults = true,
        });
        AddConfiguration(builder.Configuration, settingArgs, root);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddConsole();
        builder.Services.AddSystemd();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton(root);
        builder.Services.AddSingleton<RunOutcome>();
        AddValidatedOptions(builder.Services, builder.Configuration);
        builder.Services.AddSingleton<DatasetProvider>();
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<TrainingMeters>();
        builder.Services.AddSingleton<RunPictures>();
        return builder;
    }

    private static void AddConfiguration(ConfigurationManager configuration, string[] settingArgs, ContentRoot root)
    {
        // The profile is chosen by the same overrides that will later win over it, so read them first.
        var overrides = new ConfigurationBuilder()
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddCommandLine(settingArgs)
            .Build();
        configuration.AddJsonFile(root.SettingsPath, optional: false, reloadOnChange: true);
        string? profile = overrides[ProfileKey];
        if (!string.IsNullOrWhiteSpace(profile))
        {
            string path = root.ProfilePath(profile);
            if (!File.Exists(path))
            {
                throw new InvalidConfigurationException($"invalid setting {ProfileKey}={profile}: no profile file {path}");
            }
            configuration.AddJsonFile(path, optional: false, reloadOnChange: true);
        }
        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        configuration.AddCommandLine(settingArgs);
    }

    private static void AddValidatedOptions(IServiceCollection services, IConfiguration configuration)
    {
        Add<DataOptions, DataOptionsValidator>(services, configuration, DataOptions.Section);
        Add<TrainingOptions, TrainingOptionsValidator>(services, configuration, TrainingOptions.Section);
        Add<PipelineOptions, PipelineOptionsValidator>(services, configuration, PipelineOptions.Section);
        Add<OutputOptions, RunOptionsValidator>(services, configuration, OutputOptions.Section);
        Add<CheckpointOptions, RunOptionsValidator>(services, configuration, CheckpointOptions.Section);
        Add<ProgressOptions, RunOptionsValidator>(services, configuration, ProgressOptions.Section);
        services.AddOptions<ModelOptions>().Bind(configuration.GetSection(ModelOptions.Section)).ValidateOnStart();
    }

    private static void Add<TOptions, TValidator>(IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>()
            .Bind(configuration.GetSection(section), binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
    }
}
