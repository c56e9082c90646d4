// The process's peak resident memory, for summary.json: the kernel's high-water mark (VmHWM) where /proc exists.
using System.Diagnostics;
using System.Globalization;

namespace LeNetPipeline.Worker.Outputs;

internal static class ProcessMemory
{
    public static double PeakResidentMegabytes()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
        {
            foreach (string line in File.ReadLines(status))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return Math.Round(double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024, 1);
                }
            }
        }
        using Process self = Process.GetCurrentProcess();
        return Math.Round(self.PeakWorkingSet64 / (1024.0 * 1024.0), 1);
    }
}
