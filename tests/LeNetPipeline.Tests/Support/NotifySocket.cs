// A stand-in for systemd's notification socket: a real unix datagram socket, bound at a fresh path, handed to
// the worker as NOTIFY_SOCKET. Every datagram is recorded with the moment it arrived, and tests wait for the
// ones they expect.
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace LeNetPipeline.Tests.Support;

internal sealed class NotifySocket : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly Lock _gate = new();
    private readonly List<NotifyMessage> _messages = [];
    private readonly ArrivalWatchers<NotifyMessage> _watchers = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _receiving;

    public NotifySocket()
    {
        // Short: a unix socket's path has room for 107 bytes.
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"lenet-notify-{Guid.NewGuid():N}.sock");
        _socket.Bind(new UnixDomainSocketEndPoint(Path));
        _receiving = Task.Run(ReceiveAsync);
    }

    public string Path { get; }

    /// <summary>What the worker is told, as systemd would tell it.</summary>
    public Dictionary<string, string?> Environment(TimeSpan? watchdog = null) => new()
    {
        ["NOTIFY_SOCKET"] = Path,
        ["WATCHDOG_USEC"] = watchdog is { } w ? ((long)w.TotalMicroseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        ["WATCHDOG_PID"] = null,
    };

    /// <summary>The time on this socket's clock, to compare with a message's arrival.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyList<NotifyMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>The first message matching <paramref name="match"/>, already received or still to come.</summary>
    public async Task<NotifyMessage> WaitForAsync(Func<NotifyMessage, bool> match, TimeSpan timeout, string what)
    {
        Task<NotifyMessage> seen;
        lock (_gate)
        {
            NotifyMessage? already = _messages.FirstOrDefault(match);
            if (already is not null)
            {
                return already;
            }
            seen = _watchers.Add(match);
        }
        try
        {
            return await seen.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no {what} within {timeout.TotalSeconds:F0} s; received:\n{string.Join('\n', Messages)}");
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        try
        {
            _receiving.Wait();
        }
        catch (AggregateException)
        {
            // The receive loop ends with the socket.
        }
        File.Delete(Path);
    }

    private async Task ReceiveAsync()
    {
        byte[] buffer = new byte[4096];
        while (true)
        {
            int length;
            try
            {
                length = await _socket.ReceiveAsync(buffer, SocketFlags.None);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                return;
            }
            var message = new NotifyMessage(_clock.Elapsed, Encoding.UTF8.GetString(buffer, 0, length));
            Action completeWaiters;
            lock (_gate)
            {
                _messages.Add(message);
                completeWaiters = _watchers.Arrive(message);
            }
            completeWaiters();
        }
    }
}
