// Sends sd_notify(3) messages ("READY=1", "STATUS=...", "WATCHDOG=1", "STOPPING=1") as datagrams to the socket
// systemd names in NOTIFY_SOCKET; does nothing when there is none. Notifications are best effort: a service
// manager that went away must not end a training run.
using System.Net.Sockets;
using System.Text;

namespace LeNetPipeline.Worker.Service;

public sealed class SystemdNotifier : IDisposable
{
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _endpoint;
    private readonly Lock _gate = new();

    public SystemdNotifier(ServiceManagerEnvironment environment)
    {
        if (environment.NotifySocket is { } path)
        {
            // A leading '@' names a socket in the abstract namespace, which the address spells with a NUL byte.
            _endpoint = new UnixDomainSocketEndPoint(path[0] == '@' ? "\0" + path[1..] : path);
            _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        }
    }

    public bool IsEnabled => _socket is not null;

    public void Notify(string message) => Notify(Encoding.UTF8.GetBytes(message));

    public void Notify(byte[] message)
    {
        if (_socket is null)
        {
            return;
        }
        lock (_gate)
        {
            try
            {
                _socket.SendTo(message, SocketFlags.None, _endpoint!);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                // Best effort, as sd_notify itself: the run goes on without its service manager.
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _socket?.Dispose();
        }
    }
}
