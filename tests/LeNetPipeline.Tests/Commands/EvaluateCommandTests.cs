// The evaluate command end to end, on real MNIST and weights from a real (short) training: the figures agree with
// what training measured and with the double-precision reference network, the confusion matrix and the per-class
// table are consistent, the CSV files say the same as the log, and the result does not depend on parallelism.
using System.Globalization;
using LeNetPipeline.Model;
using LeNetPipeline.Model.Reference;
using LeNetPipeline.Tests.Data;
using LeNetPipeline.Worker.Commands.Evaluation;
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Commands;

[Collection(CommandsCollection.Name)]
public class EvaluateCommandTests(MnistFixture mnist, TrainedModelFixture model)
{
    [Fact]
    public async Task Evaluate_on_the_test_split_reproduces_the_accuracy_and_loss_training_measured()
    {
        using var output = new TemporaryDirectory();
        // The fixture's training evaluated the first 320 test images (TrainingHarness.Small).
        CommandResult result = await CommandRunner.RunAsync(
            "evaluate", $"--Evaluate:Weights={model.ModelPath}", "--Data:TestLimit=320", $"--Output:Directory={output.Path}");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        CsvTable summary = CsvTable.Read(output.File("evaluation-test.csv"));
        string[] all = summary.Row("all");
        Assert.Equal("320", all[summary.Column("samples")]);
        Assert.Equal(model.Summary.FinalTestAccuracy!.Value, Number(all[summary.Column("accuracy")]), 12);
        Assert.Equal(model.Summary.FinalTestLoss!.Value, Number(all[summary.Column("mean_loss")]), 6);
    }

    [Fact]
    public async Task The_confusion_matrix_sums_to_the_sample_count_and_agrees_with_the_per_class_rows()
    {
        using var output = new TemporaryDirectory();
        CommandResult result = await CommandRunner.RunAsync(
            "evaluate", $"--Evaluate:Weights={model.ModelPath}", "--Data:TestLimit=1000", $"--Output:Directory={output.Path}");
        Assert.Equal(ExitCodes.Success, result.ExitCode);

        long[,] confusion = ReadConfusion(output.File("confusion-test.csv"));
        CsvTable summary = CsvTable.Read(output.File("evaluation-test.csv"));
        long total = 0, diagonal = 0;
        for (int actual = 0; actual < 10; actual++)
        {
            long row = Enumerable.Range(0, 10).Sum(predicted => confusion[actual, predicted]);
            string[] line = summary.Row(actual.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(row, long.Parse(line[summary.Column("samples")], CultureInfo.InvariantCulture));
            Assert.Equal(confusion[actual, actual], long.Parse(line[summary.Column("correct")], CultureInfo.InvariantCulture));
            Assert.Equal((double)confusion[actual, actual] / row, Number(line[summary.Column("accuracy")]), 12);
            Assert.Equal(mnist.Test.Labels.Take(1000).Count(label => label == actual), row);
            total += row;
            diagonal += confusion[actual, actual];
        }
        Assert.Equal(1000, total);
        string[] all = summary.Row("all");
        Assert.Equal(diagonal, long.Parse(all[summary.Column("correct")], CultureInfo.InvariantCulture));
        Assert.Equal(diagonal / 1000.0, Number(all[summary.Column("accuracy")]), 12);
    }

    [Fact]
    public async Task Every_prediction_counted_is_the_reference_networks_argmax()
    {
        using var output = new TemporaryDirectory();
        const int samples = 200;
        CommandResult result = await CommandRunner.RunAsync(
            "evaluate", $"--Evaluate:Weights={model.ModelPath}", $"--Data:TestLimit={samples}", $"--Output:Directory={output.Path}");
        Assert.Equal(ExitCodes.Success, result.ExitCode);

        double[] parameters = Array.ConvertAll(model.Parameters, p => (double)p);
        var expected = new long[10, 10];
        for (int i = 0; i < samples; i++)
        {
            double[] image = mnist.Test.Image(i).ToArray().Select(p => p / 255.0).ToArray();
            double[] probabilities = ReferenceNetwork.Forward(parameters, image);
            expected[mnist.Test.Labels[i], Array.IndexOf(probabilities, probabilities.Max())]++;
        }
        Assert.Equal(expected, ReadConfusion(output.File("confusion-test.csv")));
    }

    [Fact]
    public async Task The_result_is_the_same_whatever_the_compute_parallelism()
    {
        using var one = new TemporaryDirectory();
        using var two = new TemporaryDirectory();
        string[] common = ["evaluate", $"--Evaluate:Weights={model.ModelPath}", "--Data:TestLimit=999"];
        Assert.Equal(ExitCodes.Success, (await CommandRunner.RunAsync([.. common, "--Pipeline:ComputeParallelism=1", $"--Output:Directory={one.Path}"])).ExitCode);
        Assert.Equal(ExitCodes.Success, (await CommandRunner.RunAsync([.. common, "--Pipeline:ComputeParallelism=3", $"--Output:Directory={two.Path}"])).ExitCode);

        Assert.Equal(File.ReadAllText(one.File("evaluation-test.csv")), File.ReadAllText(two.File("evaluation-test.csv")));
        Assert.Equal(File.ReadAllText(one.File("confusion-test.csv")), File.ReadAllText(two.File("confusion-test.csv")));
    }

    [Fact]
    public async Task The_train_split_is_limited_by_Data_TrainLimit_and_written_under_its_own_name()
    {
        using var output = new TemporaryDirectory();
        CommandResult result = await CommandRunner.RunAsync("evaluate", $"--Evaluate:Weights={model.ModelPath}",
            "--Evaluate:Split=train", "--Data:TrainLimit=160", $"--Output:Directory={output.Path}");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.False(File.Exists(output.File("evaluation-test.csv")));
        CsvTable summary = CsvTable.Read(output.File("evaluation-train.csv"));
        Assert.Equal("160", summary.Row("all")[summary.Column("samples")]);
    }

    [Fact]
    public async Task Without_a_weights_setting_it_evaluates_the_model_in_the_output_directory()
    {
        CommandResult result = await CommandRunner.RunAsync("evaluate", "--Data:TestLimit=64", $"--Output:Directory={model.Directory}");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(model.Directory, "evaluation-test.csv")));
    }

    [Fact]
    public void An_evaluation_of_no_samples_has_undefined_rates_not_a_division_error()
    {
        EvaluationResult empty = EvaluationResult.From([], [], []);

        Assert.Equal(0, empty.Samples);
        Assert.True(double.IsNaN(empty.Accuracy));
        Assert.True(double.IsNaN(empty.AccuracyOf(3)));
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static long[,] ReadConfusion(string path)
    {
        CsvTable table = CsvTable.Read(path);
        Assert.Equal(["true_class", .. Enumerable.Range(0, ParameterLayout.Classes).Select(c => $"predicted_{c}")], table.Header);
        var confusion = new long[10, 10];
        for (int actual = 0; actual < 10; actual++)
        {
            string[] row = table.Row(actual.ToString(CultureInfo.InvariantCulture));
            for (int predicted = 0; predicted < 10; predicted++)
            {
                confusion[actual, predicted] = long.Parse(row[predicted + 1], CultureInfo.InvariantCulture);
            }
        }
        return confusion;
    }
}
