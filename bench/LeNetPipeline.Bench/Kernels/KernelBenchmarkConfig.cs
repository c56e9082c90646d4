// The job every kernel benchmark runs with: in-process (so the thread-CPU-time clock applies) where that clock
// is available, otherwise BenchmarkDotNet's usual wall clock; 5 warm-up and 15 measured iterations; minimum and
// median beside the mean.
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace LeNetPipeline.Bench.Kernels;

public sealed class KernelBenchmarkConfig : ManualConfig
{
    public KernelBenchmarkConfig()
    {
        Job job = Job.Default.WithWarmupCount(5).WithIterationCount(15);
        if (ThreadCpuClock.Instance.IsAvailable)
        {
            job = job.WithToolchain(InProcessEmitToolchain.Instance).WithClock(ThreadCpuClock.Instance).WithId("ThreadCpuTime");
        }
        AddJob(job);
        // The fastest iteration is the one least disturbed by other work on the machine.
        AddColumn(StatisticColumn.Min, StatisticColumn.Median);
    }
}
