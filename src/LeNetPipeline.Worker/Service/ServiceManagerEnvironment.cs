// What systemd tells a service it starts (sd_notify(3), sd_watchdog_enabled(3)): where to send notifications and,
// when the unit sets WatchdogSec, how often it expects a sign of life. Read once at start.
using System.Globalization;

namespace LeNetPipeline.Worker.Service;

public sealed record ServiceManagerEnvironment(string? NotifySocket, TimeSpan? Watchdog)
{
    public const string NotifySocketVariable = "NOTIFY_SOCKET";
    public const string WatchdogMicrosecondsVariable = "WATCHDOG_USEC";
    public const string WatchdogProcessVariable = "WATCHDOG_PID";

    public static ServiceManagerEnvironment None { get; } = new(null, null);

    /// <param name="variable">Reads one environment variable: the process's own, or a test's stand-in.</param>
    public static ServiceManagerEnvironment From(Func<string, string?> variable)
    {
        string? socket = variable(NotifySocketVariable);
        TimeSpan? watchdog = null;
        // WATCHDOG_PID names the process the watchdog is meant for; a child that inherited it must stay quiet.
        string? watchdogProcess = variable(WatchdogProcessVariable);
        bool forThisProcess = string.IsNullOrEmpty(watchdogProcess)
            || watchdogProcess == Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        if (forThisProcess && ulong.TryParse(variable(WatchdogMicrosecondsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out ulong microseconds) && microseconds > 0)
        {
            watchdog = TimeSpan.FromMicroseconds(microseconds);
        }
        return new ServiceManagerEnvironment(string.IsNullOrEmpty(socket) ? null : socket, watchdog);
    }
}
