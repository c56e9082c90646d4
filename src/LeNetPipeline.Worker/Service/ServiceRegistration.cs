// The services that let a service manager and operators watch the run: systemd notifications, the heartbeat the
// training reports to, and the opt-in telemetry. Registered by the host's composition.
using Microsoft.Extensions.DependencyInjection;

namespace LeNetPipeline.Worker.Service;

public static class ServiceRegistration
{
    public static IServiceCollection AddServiceManagement(this IServiceCollection services, ServiceManagerEnvironment environment, TelemetrySources sources)
    {
        services.AddSingleton(environment);
        services.AddSingleton(sources);
        services.AddSingleton<SystemdNotifier>();
        services.AddSingleton<RunHeartbeat>();
        services.AddHostedService<ServiceManagerNotifications>();
        services.AddHostedService<TelemetryService>();
        return services;
    }
}
