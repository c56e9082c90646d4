// How an evaluation's predictions fall: Count(actual, predicted) over the samples, rows the true class and columns
// the predicted one, so the diagonal holds the correct answers and each row sums to that class's sample count.
namespace LeNetPipeline.Evaluation;

public sealed class ConfusionMatrix
{
    private readonly long[] _counts;

    public ConfusionMatrix(int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        Classes = classes;
        _counts = new long[classes * classes];
    }

    public int Classes { get; }

    public long Total { get; private set; }

    public long Correct { get; private set; }

    /// <summary>Correct / Total, 0 when there are no samples.</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    public long Count(int actual, int predicted) => _counts[Index(actual, predicted)];

    /// <summary>Samples whose true class is <paramref name="actual"/>.</summary>
    public long ActualTotal(int actual)
    {
        long sum = 0;
        for (int predicted = 0; predicted < Classes; predicted++)
        {
            sum += Count(actual, predicted);
        }
        return sum;
    }

    public void Add(int actual, int predicted)
    {
        _counts[Index(actual, predicted)]++;
        Total++;
        if (actual == predicted)
        {
            Correct++;
        }
    }

    public static ConfusionMatrix Of(ReadOnlySpan<byte> labels, ReadOnlySpan<byte> predictions, int classes)
    {
        if (labels.Length != predictions.Length)
        {
            throw new ArgumentException($"{labels.Length} labels but {predictions.Length} predictions", nameof(predictions));
        }
        var matrix = new ConfusionMatrix(classes);
        for (int i = 0; i < labels.Length; i++)
        {
            matrix.Add(labels[i], predictions[i]);
        }
        return matrix;
    }

    private int Index(int actual, int predicted)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(actual);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(actual, Classes);
        ArgumentOutOfRangeException.ThrowIfNegative(predicted);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(predicted, Classes);
        return actual * Classes + predicted;
    }
}
