// The NumPy notebook's weights file, cnn_params.npz: the names and shapes of docs/architecture.md, but float64. Training can start
// from it (Model:InitFrom) and evaluate reads it directly; both treat it exactly as its rounding to float32.
using LeNetPipeline.Model;
using LeNetPipeline.Randomness;
using LeNetPipeline.Tests.Data;
using LeNetPipeline.Tests.Pipeline;
using LeNetPipeline.Weights;
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Worker.Outputs;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Commands;

[Collection(CommandsCollection.Name)]
public class NotebookWeightsTests(TrainedModelFixture model)
{
    [Fact]
    public async Task Training_from_the_notebooks_float64_weights_runs_exactly_as_from_their_float32_rounding()
    {
        using var directory = new TemporaryDirectory();
        (string notebook, string rounded) = WriteNotebookWeights(directory);
        string fromNotebook = Directory.CreateDirectory(directory.File("from-notebook")).FullName;
        string fromRounded = Directory.CreateDirectory(directory.File("from-rounded")).FullName;

        RunSummary? a = await TrainingHarness.TrainAsync(fromNotebook, ["--Training:Epochs=1", $"--Model:InitFrom={notebook}"]);
        RunSummary? b = await TrainingHarness.TrainAsync(fromRounded, ["--Training:Epochs=1", $"--Model:InitFrom={rounded}"]);

        Assert.NotNull(a);
        Assert.NotNull(b);
        Assert.Equal(b.WeightsSha256, a.WeightsSha256);
        // It continued from the trained weights rather than starting afresh: a fresh start is near chance here.
        Assert.True(a.FinalTestAccuracy > 0.85, $"test accuracy {a.FinalTestAccuracy} after continuing from trained weights");
    }

    [Fact]
    public async Task Evaluate_reads_the_notebooks_float64_weights_directly()
    {
        using var directory = new TemporaryDirectory();
        (string notebook, string rounded) = WriteNotebookWeights(directory);
        string fromNotebook = Directory.CreateDirectory(directory.File("notebook")).FullName;
        string fromRounded = Directory.CreateDirectory(directory.File("rounded")).FullName;

        CommandResult a = await CommandRunner.RunAsync("evaluate", $"--Evaluate:Weights={notebook}", "--Data:TestLimit=500", $"--Output:Directory={fromNotebook}");
        CommandResult b = await CommandRunner.RunAsync("evaluate", $"--Evaluate:Weights={rounded}", "--Data:TestLimit=500", $"--Output:Directory={fromRounded}");

        Assert.Equal(ExitCodes.Success, a.ExitCode);
        Assert.Equal(ExitCodes.Success, b.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(fromRounded, "evaluation-test.csv")), File.ReadAllText(Path.Combine(fromNotebook, "evaluation-test.csv")));
        Assert.Equal(File.ReadAllText(Path.Combine(fromRounded, "confusion-test.csv")), File.ReadAllText(Path.Combine(fromNotebook, "confusion-test.csv")));
    }

    /// <summary>
    /// The trained weights moved off the float32 grid by less than half a float32 step, as float64 arrays the way
    /// np.savez writes the notebook's dict (one "name.npy" per array); and the same values rounded to float32.
    /// </summary>
    private (string Notebook, string Rounded) WriteNotebookWeights(TemporaryDirectory directory)
    {
        float[] trained = model.Parameters;
        var random = new SeededRandom(6);
        double[] notebook = new double[trained.Length];
        for (int i = 0; i < trained.Length; i++)
        {
            double halfStep = (double)(MathF.BitIncrement(Math.Abs(trained[i])) - Math.Abs(trained[i])) / 2;
            notebook[i] = trained[i] + ((random.NextDouble() - 0.5) * halfStep);
        }
        float[] rounded = Array.ConvertAll(notebook, v => (float)v);
        Assert.Equal(trained, rounded);
        Assert.Contains(notebook, v => v != (float)v);

        string notebookPath = directory.File("cnn_params.npz");
        using (NpzWriter npz = NpzWriter.Create(notebookPath))
        {
            foreach (ParameterTensor tensor in ParameterLayout.Tensors)
            {
                npz.Add(tensor.Name, tensor.Shape, notebook.AsSpan(tensor.Offset, tensor.Length));
            }
            npz.Commit();
        }
        using (NpzReader check = NpzReader.Open(notebookPath))
        {
            Assert.All(ParameterLayout.Tensors, t => Assert.Equal(NpyDataType.Float64, check.Header(t.Name).DataType));
        }
        string roundedPath = directory.File("rounded.npz");
        WeightsFile.Write(roundedPath, rounded);
        return (notebookPath, roundedPath);
    }
}
