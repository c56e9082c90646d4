// Holds out a test split when the data has none of its own: from each class, round(fraction x its samples) chosen
// by a seeded shuffle of that class's samples (at least one stays for training). Both splits keep the source's
// order, so the same files, fraction and seed always give the same two splits, sample for sample.
using LeNetPipeline.Model;
using LeNetPipeline.Randomness;

namespace LeNetPipeline.Data;

public static class StratifiedSplit
{
    public static (LabelledImages Train, LabelledImages Test) Apply(LabelledImages all, double fraction, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentOutOfRangeException.ThrowIfNegative(fraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(fraction, 1.0);
        bool[] held = new bool[all.Count];
        for (int c = 0; c < all.Classes.Count; c++)
        {
            int[] members = [.. Enumerable.Range(0, all.Count).Where(i => all.Labels[i] == c)];
            int test = Math.Min(Math.Max(members.Length - 1, 0), (int)Math.Round(fraction * members.Length, MidpointRounding.AwayFromZero));
            // One stream per class: a class's split does not change when another class gains or loses files.
            SeededRandom.ForStream(seed, (ulong)c).Shuffle(members);
            foreach (int i in members.AsSpan(0, test))
            {
                held[i] = true;
            }
        }
        if (!held.Contains(true))
        {
            throw new InvalidInputException(
                $"{all.Name}: the held-out test split is empty: Data:TestFraction={fraction} of each class's samples rounds to none; raise it, or give a test part of the data");
        }
        return (Select(all, held, false, "train"), Select(all, held, true, "test"));
    }

    private static LabelledImages Select(LabelledImages all, bool[] held, bool wanted, string part)
    {
        int[] chosen = [.. Enumerable.Range(0, all.Count).Where(i => held[i] == wanted)];
        byte[] pixels = new byte[chosen.Length * ParameterLayout.ImagePixels];
        byte[] labels = new byte[chosen.Length];
        for (int k = 0; k < chosen.Length; k++)
        {
            all.Image(chosen[k]).CopyTo(pixels.AsSpan(k * ParameterLayout.ImagePixels));
            labels[k] = all.Labels[chosen[k]];
        }
        return new LabelledImages($"{all.Name} {part}", pixels, labels, all.Classes);
    }
}
