// Measures this machine's float32 multiply-add peak: independent chains of 512-bit (or narrower) FMAs on N
// threads, so the end-to-end benchmark can say what fraction of the arithmetic peak training reached.
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LeNetPipeline.Bench.EndToEnd;

internal static class FmaPeak
{
    /// <summary>Multiply-adds per second (lanes counted) with <paramref name="threads"/> threads.</summary>
    public static double MultiplyAddsPerSecond(int threads, TimeSpan duration)
    {
        var totals = new double[threads];
        var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            var clock = Stopwatch.StartNew();
            long rounds = 0;
            float sink = 0;
            while (clock.Elapsed < duration)
            {
                sink += Burst();
                rounds++;
            }
            totals[t] = rounds * BurstMultiplyAdds / clock.Elapsed.TotalSeconds + (sink == 42 ? 1 : 0);
        })).ToArray();
        foreach (Thread worker in workers)
        {
            worker.Start();
        }
        foreach (Thread worker in workers)
        {
            worker.Join();
        }
        return totals.Sum();
    }

    private const int Iterations = 100_000;
    private const int Chains = 10;

    private static double BurstMultiplyAdds => (double)Iterations * Chains * Vector512<float>.Count;

    // Ten independent accumulators hide the FMA latency (4 cycles, 2 per cycle) so the loop is throughput-bound.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Burst()
    {
        var a = Vector512.Create(0.999f);
        var b = Vector512.Create(1e-7f);
        Vector512<float> c0 = Vector512.Create(1f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0;
        for (int i = 0; i < Iterations; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, a, b);
            c1 = Vector512.FusedMultiplyAdd(c1, a, b);
            c2 = Vector512.FusedMultiplyAdd(c2, a, b);
            c3 = Vector512.FusedMultiplyAdd(c3, a, b);
            c4 = Vector512.FusedMultiplyAdd(c4, a, b);
            c5 = Vector512.FusedMultiplyAdd(c5, a, b);
            c6 = Vector512.FusedMultiplyAdd(c6, a, b);
            c7 = Vector512.FusedMultiplyAdd(c7, a, b);
            c8 = Vector512.FusedMultiplyAdd(c8, a, b);
            c9 = Vector512.FusedMultiplyAdd(c9, a, b);
        }
        return (c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9).GetElement(0);
    }
}
