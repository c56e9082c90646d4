// What an evaluation found: the KxK confusion matrix (rows the true class, columns the predicted one) and the
// losses summed per class. Invariant: the matrix sums to the sample count, row c sums to class c's samples, and
// its diagonal holds the correct predictions; sums are taken in sample order, so they are reproducible. Rates of
// a class without samples are NaN (undefined), not 0.
using LeNetPipeline.Evaluation;
using LeNetPipeline.Model;

namespace LeNetPipeline.Worker.Commands.Evaluation;

internal sealed class EvaluationResult
{
    private readonly ConfusionMatrix _confusion;
    private readonly double[] _lossSums;
    private double _lossSum;

    private EvaluationResult(int classes)
    {
        _confusion = new ConfusionMatrix(classes);
        _lossSums = new double[classes];
    }

    public int Classes => _confusion.Classes;

    public long Samples => _confusion.Total;

    public long Correct => _confusion.Correct;

    public double Accuracy => Samples == 0 ? double.NaN : (double)Correct / Samples;

    public double MeanLoss => Samples == 0 ? double.NaN : _lossSum / Samples;

    /// <summary>How many samples of class <paramref name="actual"/> were predicted as <paramref name="predicted"/>.</summary>
    public long Count(int actual, int predicted) => _confusion.Count(actual, predicted);

    public long SamplesOf(int actual) => _confusion.ActualTotal(actual);

    public long CorrectOf(int actual) => _confusion.Count(actual, actual);

    /// <summary>The share of class <paramref name="actual"/>'s samples predicted right; NaN when it has none.</summary>
    public double AccuracyOf(int actual)
    {
        long samples = SamplesOf(actual);
        return samples == 0 ? double.NaN : (double)CorrectOf(actual) / samples;
    }

    /// <summary>The mean loss over class <paramref name="actual"/>'s samples; NaN when it has none.</summary>
    public double MeanLossOf(int actual)
    {
        long samples = SamplesOf(actual);
        return samples == 0 ? double.NaN : _lossSums[actual] / samples;
    }

    public static EvaluationResult From(ReadOnlySpan<byte> labels, ReadOnlySpan<byte> predictions, ReadOnlySpan<float> losses) =>
        From(labels, predictions, losses, ParameterLayout.Mnist.Classes);

    public static EvaluationResult From(ReadOnlySpan<byte> labels, ReadOnlySpan<byte> predictions, ReadOnlySpan<float> losses, int classes)
    {
        if (predictions.Length != labels.Length || losses.Length != labels.Length)
        {
            throw new ArgumentException(
                $"{labels.Length} labels need as many predictions and losses, not {predictions.Length} and {losses.Length}");
        }
        var result = new EvaluationResult(classes);
        for (int i = 0; i < labels.Length; i++)
        {
            result._confusion.Add(labels[i], predictions[i]);
            result._lossSums[labels[i]] += losses[i];
            result._lossSum += losses[i];
        }
        return result;
    }
}
