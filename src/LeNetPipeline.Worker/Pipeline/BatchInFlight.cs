// The slices of one batch while they are computed, and how many are still computing. The worker that finishes
// the last one takes the batch over (sum and update); the decrement that tells it so is a full fence, so it sees
// every other worker's results. Pooled by the slicer: nothing is allocated per batch.
namespace LeNetPipeline.Worker.Pipeline;

internal sealed class BatchInFlight
{
    private int _computing;

    public Batch Batch { get; private set; }

    /// <summary>The batch's place among the run's batches, counted by the slicer.</summary>
    public long Sequence { get; private set; }

    /// <summary>The batch's slices in sample order.</summary>
    public List<Slice> Slices { get; } = [];

    /// <summary>
    /// True when every slice covers whole groups of 16, so compute hands each group's gradient to GroupSum as it
    /// finishes; otherwise the slices keep their gradients and the aggregator sums them once all are computed.
    /// </summary>
    public bool SumsGroupsAsComputed { get; private set; }

    /// <summary>The batch's gradient, summed in group order as compute finishes groups (when SumsGroupsAsComputed).</summary>
    public GroupGradientSum GroupSum { get; } = new();

    public void Assign(Batch batch, long sequence)
    {
        Batch = batch;
        Sequence = sequence;
        Slices.Clear();
    }

    /// <summary>Called once all slices are added, before any is handed to compute.</summary>
    public void Seal(bool sumsGroupsAsComputed, int groups, ObjectPool<float[]> gradientBuffers)
    {
        SumsGroupsAsComputed = sumsGroupsAsComputed;
        if (sumsGroupsAsComputed)
        {
            GroupSum.Reset(groups, gradientBuffers);
        }
        _computing = Slices.Count;
    }

    /// <summary>Marks one slice computed; true for the caller that computed the batch's last one.</summary>
    public bool CompleteOne() => Interlocked.Decrement(ref _computing) == 0;
}
