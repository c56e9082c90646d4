// The optimizer's update, element by element: PyTorch's SGD with momentum and weight decay, the same bits whether
// an element falls in the vector loop or the scalar tail, whole or in parts, and a reliable divergence signal.
using LeNetPipeline.Training;

namespace LeNetPipeline.Tests.Training;

public class SgdMomentumTests
{
    private const int Length = 16 * 64 + 7;

    [Theory]
    [InlineData(64, 0.9f, 0f)]
    [InlineData(64, 0f, 0f)]
    [InlineData(48, 0.9f, 5e-4f)]
    [InlineData(1, 0.5f, 1e-3f)]
    [InlineData(7, 0f, 1e-3f)]
    public void Every_element_gets_the_scalar_formula_s_bits(int batchSize, float momentum, float weightDecay)
    {
        (float[] weights, float[] gradient, float[] velocity) = RandomState(seed: batchSize);
        float[] expectedWeights = (float[])weights.Clone(), expectedVelocity = (float[])velocity.Clone();
        const float rate = 0.05f;
        for (int i = 0; i < Length; i++)
        {
            float g = gradient[i] / batchSize + weightDecay * expectedWeights[i];
            if (momentum != 0)
            {
                g = momentum * expectedVelocity[i] + g;
                expectedVelocity[i] = g;
            }
            expectedWeights[i] -= rate * g;
        }
        var sgd = new SgdMomentum(velocity);

        Assert.True(sgd.Step(weights, gradient, batchSize, rate, momentum, weightDecay));

        Assert.Equal(expectedWeights, weights);
        Assert.Equal(expectedVelocity, sgd.Velocity);
    }

    [Fact]
    public void An_update_applied_in_two_parts_gives_the_bits_of_a_whole_update()
    {
        (float[] weights, float[] gradient, float[] velocity) = RandomState(seed: 3);
        float[] partWeights = (float[])weights.Clone();
        var whole = new SgdMomentum((float[])velocity.Clone());
        var parts = new SgdMomentum((float[])velocity.Clone());

        whole.Step(weights, gradient, 64, 0.1f, 0.9f, 1e-4f);
        parts.Step(partWeights, gradient, 64, 0.1f, 0.9f, 1e-4f, 0, 333);
        parts.Step(partWeights, gradient, 64, 0.1f, 0.9f, 1e-4f, 333, Length - 333);

        Assert.Equal(weights, partWeights);
        Assert.Equal(whole.Velocity, parts.Velocity);
    }

    [Theory]
    [InlineData(5, float.NaN)]
    [InlineData(Length - 1, float.PositiveInfinity)]
    [InlineData(100, float.NegativeInfinity)]
    public void An_update_that_makes_a_weight_non_finite_reports_it(int index, float badGradient)
    {
        (float[] weights, float[] gradient, float[] velocity) = RandomState(seed: 4);
        gradient[index] = badGradient;

        Assert.False(new SgdMomentum(velocity).Step(weights, gradient, 64, 0.1f, 0.9f, 0f));
    }

    private static (float[] Weights, float[] Gradient, float[] Velocity) RandomState(int seed)
    {
        var random = new Random(seed);
        float[] Draw(float scale) => [.. Enumerable.Range(0, Length).Select(_ => (float)(random.NextDouble() - 0.5) * scale)];
        // Negative and positive weights both: a finite weight times zero is -0 or +0, and neither is a fault.
        return (Draw(2), Draw(64), Draw(0.1f));
    }
}
