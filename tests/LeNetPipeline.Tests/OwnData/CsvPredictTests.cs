// predict on a CSV of images (the digit-recognizer's test.csv has no label column): one prediction per row, named
// by the file and the row's line, each the class the model gives the same pixels as an image.
using LeNetPipeline.Data;
using LeNetPipeline.Tests.Commands;
using LeNetPipeline.Tests.Data;
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.OwnData;

[Collection(CommandsCollection.Name)]
public sealed class CsvPredictTests(MnistFixture mnist, TrainedModelFixture model) : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Predict_classifies_every_row_of_an_unlabelled_csv_naming_its_line()
    {
        LabelledImages test = mnist.Test.Take(5);
        string csv = _directory.File("test.csv");
        OwnDataFiles.WriteCsv(test, csv, labelled: false);

        CommandResult result = await CommandRunner.RunAsync("predict", csv, $"--Predict:Weights={model.ModelPath}");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Errors);
        string[] rows = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..];
        Assert.Equal(5, rows.Length);
        byte[] expected = LeNetPipeline.Evaluation.KernelPredictor.Predict(model.Parameters, test, 1, CancellationToken.None);
        for (int i = 0; i < rows.Length; i++)
        {
            string[] fields = rows[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal($"{csv}:{i + 2}", fields[0]);
            Assert.Equal(expected[i].ToString(System.Globalization.CultureInfo.InvariantCulture), fields[1]);
        }
    }
}
