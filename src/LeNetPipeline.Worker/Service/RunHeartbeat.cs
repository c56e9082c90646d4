// The run's signs of life, as the pipeline's own progress gives them: each completed batch (or epoch evaluation)
// is a beat. It tells systemd the watchdog may rest (WATCHDOG=1), so a stuck pipeline stops the pings and systemd
// notices; it dates the last beat for the health path; and it forwards READY, STATUS and STOPPING.
// Beats come from the optimizer block alone; the health path reads the last one's time from its own threads.
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace LeNetPipeline.Worker.Service;

public sealed class RunHeartbeat
{
    private static readonly byte[] WatchdogMessage = Encoding.ASCII.GetBytes("WATCHDOG=1");

    /// <summary>A beat pings at most this often: systemd needs a ping well inside WatchdogSec, not one per batch.</summary>
    private static readonly TimeSpan LongestPingGap = TimeSpan.FromSeconds(1);

    private readonly SystemdNotifier _notifier;
    private readonly TimeSpan? _pingGap;
    private readonly long _created = Stopwatch.GetTimestamp();
    private long _lastBeat;
    private long _lastPing;
    private int _ready;
    private volatile bool _stopping;

    public RunHeartbeat(SystemdNotifier notifier, ServiceManagerEnvironment environment)
    {
        _notifier = notifier;
        if (environment.Watchdog is { } watchdog)
        {
            TimeSpan quarter = watchdog / 4;
            _pingGap = quarter < LongestPingGap ? quarter : LongestPingGap;
        }
    }

    /// <summary>Time since the last beat, or since the process started when there has been none yet.</summary>
    public TimeSpan SinceLastBeat
    {
        get
        {
            long last = Volatile.Read(ref _lastBeat);
            return Stopwatch.GetElapsedTime(last == 0 ? _created : last);
        }
    }

    /// <summary>READY=1, once: the work the service exists for has begun.</summary>
    public void Ready()
    {
        if (Interlocked.Exchange(ref _ready, 1) == 0)
        {
            _notifier.Notify("READY=1");
        }
    }

    /// <summary>A batch (or an epoch's evaluation) completed.</summary>
    public void Beat()
    {
        long now = Stopwatch.GetTimestamp();
        Volatile.Write(ref _lastBeat, now);
        // Once stopping, systemd no longer watches: the batch in flight when SIGTERM came needs no ping.
        if (!_stopping && _pingGap is { } gap && (_lastPing == 0 || Stopwatch.GetElapsedTime(_lastPing, now) >= gap))
        {
            _lastPing = now;
            _notifier.Notify(WatchdogMessage);
        }
    }

    /// <summary>STATUS=, the one line `systemctl status` shows for the run.</summary>
    public void Progress(int epoch, int epochs, int batch, int batches, double samplesPerSecond, double? lastTestAccuracy)
    {
        if (!_notifier.IsEnabled)
        {
            return;
        }
        string accuracy = lastTestAccuracy is { } value ? value.ToString("P2", CultureInfo.InvariantCulture) : "none yet";
        Status(string.Create(CultureInfo.InvariantCulture,
            $"epoch {epoch}/{epochs}, batch {batch}/{batches}, {samplesPerSecond:F0} samples/s, last test accuracy {accuracy}"));
    }

    public void Status(string text) => _notifier.Notify("STATUS=" + text.ReplaceLineEndings(" "));

    public void Stopping()
    {
        _stopping = true;
        _notifier.Notify("STOPPING=1");
    }
}
