// Logs an evaluation as an aligned table: one line per true class with its accuracy, mean loss and row of the
// confusion matrix, then a total line whose columns count the predictions of each class. Every count column has
// the same width, wide enough for the largest count, so the table stays aligned for any split size.
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace LeNetPipeline.Worker.Commands.Evaluation;

internal static class EvaluationTable
{
    public static void Log(ILogger logger, EvaluationResult result, IReadOnlyList<string> names)
    {
        int width = Math.Max(3, result.Samples.ToString(CultureInfo.InvariantCulture).Length);
        EvaluateLog.TableTitle(logger, result.Classes - 1);
        EvaluateLog.TableHeader(logger, Cells(width, result.Classes, predicted => predicted));
        for (int actual = 0; actual < result.Classes; actual++)
        {
            EvaluateLog.ClassRow(logger, actual, result.SamplesOf(actual), result.CorrectOf(actual), result.AccuracyOf(actual),
                result.MeanLossOf(actual), Cells(width, result.Classes, predicted => result.Count(actual, predicted)), names[actual]);
        }
        EvaluateLog.TotalRow(logger, result.Samples, result.Correct, result.Accuracy, result.MeanLoss,
            Cells(width, result.Classes, predicted => PredictedTotal(result, predicted)));
    }

    private static long PredictedTotal(EvaluationResult result, int predicted)
    {
        long total = 0;
        for (int actual = 0; actual < result.Classes; actual++)
        {
            total += result.Count(actual, predicted);
        }
        return total;
    }

    private static string Cells(int width, int classes, Func<int, long> value)
    {
        var cells = new StringBuilder();
        for (int column = 0; column < classes; column++)
        {
            if (column > 0)
            {
                cells.Append(' ');
            }
            cells.Append(value(column).ToString(CultureInfo.InvariantCulture).PadLeft(width));
        }
        return cells.ToString();
    }
}
