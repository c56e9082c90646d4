// Central finite differences in double: the yardstick every analytic gradient in these tests is held to.
// Also draws the random inputs and weights of the checks from SeededRandom, so every run checks the same numbers.
using LeNetPipeline.Randomness;

namespace LeNetPipeline.Tests.Model;

internal static class GradientCheck
{
    // h = 1e-5 balances the two errors of (f(v+h) - f(v-h)) / 2h: truncation h²/6·f''' ~ 2e-11·f''', and rounding
    // δf/h, where δf, the rounding error of an O(1) objective summed over hundreds of terms, is a few 1e-15: ~1e-10.
    // (The whole network's worst case measured 2e-10 absolute, 2e-7 relative.)
    public const double Step = 1e-5;

    // Relative error |analytic - numeric| / max(|analytic|, |numeric|, Floor) must stay below 1e-6. The floor turns
    // it into an absolute 1e-9 for gradients under 1e-3, whose relative error would be ruled by rounding; 1e-9 is
    // 5-10x the error budget above, while a wrong formula is off by about the size of the gradient itself.
    public const double Tolerance = 1e-6;
    public const double Floor = 1e-3;

    // A check that compares only near-zero gradients (saturated activations, dead inputs) proves nothing, so at
    // least half of the compared analytic values must exceed this.
    public const double Significant = 1e-4;

    public static double CentralDifference(double[] values, int index, Func<double> objective)
    {
        double original = values[index];
        values[index] = original + Step;
        double plus = objective();
        values[index] = original - Step;
        double minus = objective();
        values[index] = original;
        return (plus - minus) / (2 * Step);
    }

    /// <summary>Checks analytic[i] against the central difference of objective in values[i], for each index.</summary>
    public static void AssertMatches(
        string what,
        ReadOnlySpan<double> analytic,
        double[] values,
        IReadOnlyList<int> indices,
        Func<double> objective)
    {
        Assert.Equal(values.Length, analytic.Length);
        double worstError = 0;
        string worst = "";
        int significant = 0;
        foreach (int i in indices)
        {
            double numeric = CentralDifference(values, i, objective);
            double error = Math.Abs(analytic[i] - numeric) / Math.Max(Floor, Math.Max(Math.Abs(analytic[i]), Math.Abs(numeric)));
            if (error > worstError)
            {
                worstError = error;
                worst = $"[{i}]: analytic {analytic[i]:R}, numeric {numeric:R}";
            }
            if (Math.Abs(analytic[i]) > Significant)
            {
                significant++;
            }
        }
        Assert.True(
            2 * significant >= indices.Count,
            $"{what}: only {significant} of {indices.Count} compared gradients exceed {Significant}; the check is vacuous");
        Assert.True(worstError < Tolerance, $"{what}: relative error {worstError:E2} at {worst}");
    }

    public static void AssertMatches(string what, ReadOnlySpan<double> analytic, double[] values, Func<double> objective) =>
        AssertMatches(what, analytic, values, Enumerable.Range(0, values.Length).ToArray(), objective);

    public static double[] Uniform(SeededRandom random, int count, double low, double high)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = low + (high - low) * random.NextDouble();
        }
        return values;
    }

    /// <summary>count distinct indices in [0, length), in increasing order.</summary>
    public static int[] SampleIndices(SeededRandom random, int length, int count)
    {
        int[] all = Enumerable.Range(0, length).ToArray();
        random.Shuffle(all);
        return all[..Math.Min(count, length)].Order().ToArray();
    }

    /// <summary>Σ y·r: an objective whose gradient with respect to y is the fixed random r.</summary>
    public static double Dot(ReadOnlySpan<double> y, ReadOnlySpan<double> r)
    {
        double sum = 0;
        for (int i = 0; i < y.Length; i++)
        {
            sum += y[i] * r[i];
        }
        return sum;
    }
}
