using System.Numerics.Tensors;
using LeNetPipeline.Model;
using LeNetPipeline.Randomness;

namespace LeNetPipeline.Tests.Model;

// ParameterInitializer: the notebook's ranges per tensor, zero biases, and a draw order fixed by the seed.
public class ParameterInitializerTests
{
    private const ulong Seed = 42;

    public static TheoryData<string, double> NotebookLimits => new()
    {
        { "c1_kernel", Math.Sqrt(3.0 / 25) },
        { "c3_kernel", Math.Sqrt(3.0 / 150) },
        { "c5_kernel", Math.Sqrt(3.0 / 400) },
        { "f6_weights", 4 * Math.Sqrt(6.0 / (120 + 84)) },
        { "out_weights", 4 * Math.Sqrt(6.0 / (84 + 10)) },
    };

    [Theory]
    [MemberData(nameof(NotebookLimits))]
    public void Limit_is_the_notebooks_for_each_weight_tensor(string name, double expected)
    {
        Assert.Equal(expected, ParameterInitializer.Limit(ParameterLayout.Mnist.Find(name)!), 15);
    }

    [Theory]
    [MemberData(nameof(NotebookLimits))]
    public void Weights_lie_within_their_tensors_limit(string name, double limit)
    {
        float bound = (float)limit;
        ReadOnlySpan<float> weights = ParameterLayout.Mnist.Find(name)!.Of(ParameterInitializer.Create(Seed));

        Assert.All(weights.ToArray(), w => Assert.InRange(w, -bound, bound));
    }

    [Theory]
    [MemberData(nameof(NotebookLimits))]
    public void Weights_spread_over_both_ends_of_their_range(string name, double limit)
    {
        // Even the smallest tensor (150 weights) misses the outer tenth at one end with probability 0.95^150 ≈ 5e-4;
        // what this catches is a range that is one-sided, halved or not scaled.
        ReadOnlySpan<float> weights = ParameterLayout.Mnist.Find(name)!.Of(ParameterInitializer.Create(Seed));

        Assert.True(
            TensorPrimitives.Min(weights) < -0.9 * limit && TensorPrimitives.Max(weights) > 0.9 * limit,
            $"{name} spans [{TensorPrimitives.Min(weights)}, {TensorPrimitives.Max(weights)}], not most of ±{limit}");
    }

    [Fact]
    public void Biases_are_zero()
    {
        float[] parameters = ParameterInitializer.Create(Seed);

        Assert.All(
            ParameterLayout.Mnist.Tensors.Where(t => t.Shape.Length == 1),
            bias => Assert.All(bias.Of(parameters).ToArray(), b => Assert.Equal(0f, b)));
    }

    [Fact]
    public void Same_seed_gives_identical_buffers()
    {
        Assert.Equal(ParameterInitializer.Create(Seed), ParameterInitializer.Create(Seed));
    }

    [Fact]
    public void Different_seeds_give_different_buffers()
    {
        Assert.NotEqual(ParameterInitializer.Create(Seed), ParameterInitializer.Create(Seed + 1));
    }

    [Fact]
    public void Weights_are_drawn_in_layout_order_one_draw_each_and_biases_draw_nothing()
    {
        // The documented draw: u = NextDouble(), w = (float)((2u - 1) * limit), c1_kernel's 150 weights first, then
        // (c1_bias drawing nothing) c3_kernel's. Other implementations (a Python check, a resumed run) rely on it.
        var random = new SeededRandom(Seed);
        double[] draws = Enumerable.Range(0, 151).Select(_ => random.NextDouble()).ToArray();
        float[] parameters = ParameterInitializer.Create(Seed);

        float firstC1 = (float)((2 * draws[0] - 1) * ParameterInitializer.Limit(ParameterLayout.Mnist.C1Kernel));
        float firstC3 = (float)((2 * draws[150] - 1) * ParameterInitializer.Limit(ParameterLayout.Mnist.C3Kernel));
        Assert.Equal([firstC1, firstC3], [parameters[ParameterLayout.Mnist.C1Kernel.Offset], parameters[ParameterLayout.Mnist.C3Kernel.Offset]]);
    }

    [Fact]
    public void Fill_rejects_a_buffer_that_is_not_61706_long()
    {
        Assert.Throws<ArgumentException>(() => ParameterInitializer.Fill(new float[ParameterLayout.Mnist.Count - 1], new SeededRandom(Seed)));
    }
}
