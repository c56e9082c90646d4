// Names every random stream of a run. Streams are keyed by purpose and position, never by timing, so a run
// resumed from a checkpoint draws exactly what the uninterrupted run drew (the seed is the whole RNG state).
namespace LeNetPipeline.Randomness;

public static class RandomStreams
{
    private const ulong ShuffleBase = 1UL << 62;
    private const ulong AugmentBase = 2UL << 62;

    public static ulong Shuffle(int epoch) => ShuffleBase | (uint)epoch;

    public static ulong Augment(int epoch, int batch) => AugmentBase | ((ulong)(uint)epoch << 32) | (uint)batch;
}
