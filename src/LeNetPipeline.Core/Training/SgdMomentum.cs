// Stochastic gradient descent with momentum and weight decay, PyTorch's formulation:
//   g = sum/B + wd*w;  v = mu*v + g;  w = w - lr*v   (v = g when mu = 0).
// One fused vector pass over the flat buffers, element-wise only (separate multiply and add, no reductions), so an
// update gives the same bits at every vector width; it also reports whether every new weight is finite.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LeNetPipeline.Training;

public sealed class SgdMomentum
{
    public SgdMomentum(int length) => Velocity = new float[length];

    public SgdMomentum(float[] velocity) => Velocity = velocity;

    /// <summary>The momentum buffer; saved in checkpoints so a resumed run continues exactly.</summary>
    public float[] Velocity { get; }

    /// <summary>Applies one update; returns false when a weight became NaN or infinite (divergence).</summary>
    public bool Step(Span<float> weights, ReadOnlySpan<float> gradientSum, int batchSize, float learningRate, float momentum, float weightDecay) =>
        Step(weights, gradientSum, batchSize, learningRate, momentum, weightDecay, 0, Velocity.Length);

    /// <summary>
    /// Applies one update to the parameters [start, start + length) only: the same bits those elements get from a
    /// whole update, so an update may be applied in parts (the pipeline publishes the convolutions' part first).
    /// </summary>
    public bool Step(Span<float> weights, ReadOnlySpan<float> gradientSum, int batchSize, float learningRate, float momentum, float weightDecay, int start, int length)
    {
        if (weights.Length != Velocity.Length || gradientSum.Length != Velocity.Length)
        {
            throw new ArgumentException("weights, gradient and velocity must have the same length");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Velocity.Length - start);
        ref float w = ref Unsafe.Add(ref MemoryMarshal.GetReference(weights), start);
        ref float g = ref Unsafe.Add(ref MemoryMarshal.GetReference(gradientSum), start);
        ref float v = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Velocity), start);
        bool useVelocity = momentum != 0;
        // Dividing by a power of two and multiplying by its reciprocal round the same exact value, so give the same
        // bits; the multiply is several times cheaper than a vector division, which otherwise bounds this loop.
        bool exactReciprocal = BitOperations.IsPow2(batchSize);
        int i = 0;
        // x * 0 is zero for every finite x and NaN for NaN and infinities; one bit-OR per vector collects them
        // (an accumulating add would chain every iteration on its latency).
        var poison = Vector512<float>.Zero;
        if (Vector512.IsHardwareAccelerated)
        {
            var b = Vector512.Create((float)batchSize);
            var reciprocal = Vector512.Create(1f / batchSize);
            var decay = Vector512.Create(weightDecay);
            var mu = Vector512.Create(momentum);
            var rate = Vector512.Create(learningRate);
            for (; i <= length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var wi = Vector512.LoadUnsafe(ref w, (nuint)i);
                var sum = Vector512.LoadUnsafe(ref g, (nuint)i);
                var gi = (exactReciprocal ? sum * reciprocal : sum / b) + decay * wi;
                if (useVelocity)
                {
                    gi = mu * Vector512.LoadUnsafe(ref v, (nuint)i) + gi;
                    gi.StoreUnsafe(ref v, (nuint)i);
                }
                wi -= rate * gi;
                wi.StoreUnsafe(ref w, (nuint)i);
                poison |= wi * Vector512<float>.Zero;
            }
        }
        float scalarPoison = 0;
        for (; i < length; i++)
        {
            float wi = Unsafe.Add(ref w, i);
            float gi = Unsafe.Add(ref g, i) / batchSize + weightDecay * wi;
            if (useVelocity)
            {
                gi = momentum * Unsafe.Add(ref v, i) + gi;
                Unsafe.Add(ref v, i) = gi;
            }
            wi -= learningRate * gi;
            Unsafe.Add(ref w, i) = wi;
            scalarPoison += wi * 0;
        }
        return poison == Vector512<float>.Zero && scalarPoison == 0;
    }

    /// <summary>True when no element is NaN or infinite.</summary>
    public static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (float value in values)
        {
            if (!float.IsFinite(value))
            {
                return false;
            }
        }
        return true;
    }
}
