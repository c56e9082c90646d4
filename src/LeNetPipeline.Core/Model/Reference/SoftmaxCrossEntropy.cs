// Softmax over the class logits of one sample and its natural-log cross-entropy with the true label.
// Stable for any logits: both work from z - max(z), so e^t never overflows and the loss is log-sum-exp - z[label].
namespace LeNetPipeline.Model.Reference;

public static class SoftmaxCrossEntropy
{
    /// <summary>Writes the softmax of <paramref name="logits"/> into probabilities.</summary>
    public static void Softmax(ReadOnlySpan<double> logits, Span<double> probabilities)
    {
        ShapeGuard.Require(probabilities.Length, logits.Length, nameof(probabilities), "(classes)");
        WriteSoftmax(logits, probabilities, out _, out _);
    }

    /// <summary>Writes the softmax of <paramref name="logits"/> into probabilities and returns -ln p[label].</summary>
    public static double Forward(ReadOnlySpan<double> logits, int label, Span<double> probabilities)
    {
        CheckShapes(logits.Length, label, probabilities.Length, nameof(probabilities));
        WriteSoftmax(logits, probabilities, out double max, out double sum);
        // Taken from the shifted logits, not from -ln p[label], so a vanishing probability gives a finite loss.
        return Math.Log(sum) - (logits[label] - max);
    }

    /// <summary>Overwrites dLogits with p - onehot(label), the gradient of the loss that Forward returned.</summary>
    public static void Backward(ReadOnlySpan<double> probabilities, int label, Span<double> dLogits)
    {
        CheckShapes(probabilities.Length, label, dLogits.Length, nameof(dLogits));
        probabilities.CopyTo(dLogits);
        dLogits[label] -= 1.0;
    }

    // sum = Σ e^(z - max) lies in [1, classes], so neither it nor its logarithm can overflow or vanish.
    private static void WriteSoftmax(ReadOnlySpan<double> logits, Span<double> probabilities, out double max, out double sum)
    {
        ArgumentOutOfRangeException.ThrowIfZero(logits.Length, nameof(logits));
        max = double.NegativeInfinity;
        foreach (double z in logits)
        {
            max = Math.Max(max, z);
        }
        sum = 0.0;
        for (int i = 0; i < logits.Length; i++)
        {
            probabilities[i] = Math.Exp(logits[i] - max);
            sum += probabilities[i];
        }
        for (int i = 0; i < logits.Length; i++)
        {
            probabilities[i] /= sum;
        }
    }

    private static void CheckShapes(int classes, int label, int outputLength, string outputName)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(label, classes);
        ShapeGuard.Require(outputLength, classes, outputName, "(classes)");
    }
}
