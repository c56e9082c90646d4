// Tells systemd the service is stopping (STOPPING=1) the moment the host begins to stop: on SIGTERM from
// `systemctl stop`, on SIGINT, or when the command has finished.
using Microsoft.Extensions.Hosting;

namespace LeNetPipeline.Worker.Service;

internal sealed class ServiceManagerNotifications(IHostApplicationLifetime lifetime, RunHeartbeat heartbeat) : IHostedService
{
    private CancellationTokenRegistration _stopping;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = lifetime.ApplicationStopping.Register(heartbeat.Stopping);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Dispose();
        return Task.CompletedTask;
    }
}
