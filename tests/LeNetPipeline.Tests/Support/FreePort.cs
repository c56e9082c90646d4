// A loopback TCP port nobody listens on at the moment of asking, for a server a test starts.
using System.Net;
using System.Net.Sockets;

namespace LeNetPipeline.Tests.Support;

internal static class FreePort
{
    public static int Next()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
