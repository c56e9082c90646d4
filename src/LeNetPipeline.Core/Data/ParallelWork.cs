// Runs one piece of work per item on every core through a Dataflow block, each result landing in its item's slot,
// so the outcome never depends on which core took which item. When items fail, the lowest-numbered failure is
// the one thrown, so a bad data set always reports the same file first.
using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Dataflow;

namespace LeNetPipeline.Data;

internal static class ParallelWork
{
    public static async Task RunAsync(int count, Action<int> work, CancellationToken cancellation)
    {
        var failures = new Exception?[count];
        var block = new ActionBlock<int>(
            index =>
            {
                try
                {
                    work(index);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    failures[index] = exception;
                }
            },
            new ExecutionDataflowBlockOptions
            {
                MaxDegreeOfParallelism = Environment.ProcessorCount,
                CancellationToken = cancellation,
            });
        for (int i = 0; i < count; i++)
        {
            await block.SendAsync(i, cancellation).ConfigureAwait(false);
        }
        block.Complete();
        await block.Completion.ConfigureAwait(false);
        if (Array.Find(failures, f => f is not null) is { } first)
        {
            ExceptionDispatchInfo.Throw(first);
        }
    }
}
