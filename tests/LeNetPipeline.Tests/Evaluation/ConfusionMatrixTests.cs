// The confusion matrix's bookkeeping: rows are the true class, columns the prediction, the diagonal the correct ones.
using LeNetPipeline.Evaluation;

namespace LeNetPipeline.Tests.Evaluation;

public sealed class ConfusionMatrixTests
{
    [Fact]
    public void Each_sample_is_counted_in_the_row_of_its_label_and_the_column_of_its_prediction()
    {
        var matrix = ConfusionMatrix.Of([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], classes: 3);

        Assert.Equal(1, matrix.Count(0, 0));
        Assert.Equal(1, matrix.Count(0, 1));
        Assert.Equal(1, matrix.Count(1, 1));
        Assert.Equal(2, matrix.Count(2, 2));
        Assert.Equal(1, matrix.Count(2, 0));
        Assert.Equal(0, matrix.Count(1, 0));
        Assert.Equal([2L, 1L, 3L], new[] { matrix.ActualTotal(0), matrix.ActualTotal(1), matrix.ActualTotal(2) });
    }

    [Fact]
    public void Accuracy_is_the_diagonal_over_all_samples()
    {
        var matrix = ConfusionMatrix.Of([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], classes: 3);

        Assert.Equal(6, matrix.Total);
        Assert.Equal(4, matrix.Correct);
        Assert.Equal(4.0 / 6.0, matrix.Accuracy);
    }

    [Fact]
    public void An_empty_matrix_has_accuracy_zero_not_nan()
    {
        Assert.Equal(0.0, new ConfusionMatrix(10).Accuracy);
    }

    [Fact]
    public void Labels_and_predictions_of_different_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ConfusionMatrix.Of([0, 1], [0], classes: 10));
    }

    [Fact]
    public void A_class_outside_the_matrix_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ConfusionMatrix.Of([10], [0], classes: 10));
    }
}
