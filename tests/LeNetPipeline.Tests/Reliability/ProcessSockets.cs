// The sockets a process holds that accept connections or datagrams: its socket inodes (/proc/PID/fd) matched
// against the kernel's tables (/proc/PID/net/tcp, tcp6, udp, udp6), TCP in state LISTEN and every UDP socket.
namespace LeNetPipeline.Tests.Reliability;

internal static class ProcessSockets
{
    private const string TcpListen = "0A";

    /// <summary>One line per listening socket of <paramref name="pid"/>, e.g. "tcp 0100007F:1F90"; empty when none.</summary>
    public static IReadOnlyList<string> Listening(int pid)
    {
        HashSet<string> inodes = [];
        foreach (string fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            string? target = new FileInfo(fd).LinkTarget;
            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                inodes.Add(target["socket:[".Length..^1]);
            }
        }
        List<string> listening = [];
        foreach (string table in new[] { "tcp", "tcp6", "udp", "udp6" })
        {
            string path = $"/proc/{pid}/net/{table}";
            if (!File.Exists(path))
            {
                continue;
            }
            foreach (string line in File.ReadLines(path).Skip(1))
            {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
                string[] columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                bool accepts = table.StartsWith("udp", StringComparison.Ordinal) || columns[3] == TcpListen;
                if (columns.Length > 9 && accepts && inodes.Contains(columns[9]))
                {
                    listening.Add($"{table} {columns[1]}");
                }
            }
        }
        return listening;
    }
}
