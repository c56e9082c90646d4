// A BenchmarkDotNet clock that reads the calling thread's CPU time (Linux CLOCK_THREAD_CPUTIME_ID) instead of
// wall time. On a machine shared with other work, time the benchmark thread spent waiting for a core is not
// counted; contention for caches and the core itself still is. Elsewhere it reports itself unavailable.
using System.Runtime.InteropServices;
using Perfolizer.Horology;

namespace LeNetPipeline.Bench.Kernels;

internal sealed unsafe partial class ThreadCpuClock : IClock
{
    private const int ThreadCpuTimeId = 3; // CLOCK_THREAD_CPUTIME_ID

    public static ThreadCpuClock Instance { get; } = new();

    public string Title => "Thread CPU time";

    public bool IsAvailable => OperatingSystem.IsLinux();

    public Frequency Frequency => Frequency.GHz; // nanosecond ticks

    public long GetTimestamp()
    {
        TimeSpec time;
        if (ClockGetTime(ThreadCpuTimeId, &time) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        }
        return time.Seconds * 1_000_000_000 + time.Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, TimeSpec* time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
