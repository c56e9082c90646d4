// A finished training run leaves its pictures beside its model: loss and accuracy per epoch, and the confusion
// matrix of the final weights on the test set, which must be the final evaluation the summary reports.
using LeNetPipeline.Evaluation;
using LeNetPipeline.Model;
using LeNetPipeline.Tests.Data;
using LeNetPipeline.Tests.Pipeline;
using LeNetPipeline.Weights;
using LeNetPipeline.Worker.Outputs;
using LeNetPipeline.Worker.Pipeline;
using LeNetPipeline.Worker.Training;
using Microsoft.Extensions.Logging.Abstractions;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Training;

[Collection(PipelineCollection.Name)]
public sealed class RunPicturesTests(MnistFixture mnist)
{
    [Fact]
    public async Task Finished_run_leaves_loss_accuracy_and_confusion_pictures_in_its_output_directory()
    {
        string output = TrainingHarness.NewOutputDirectory();

        RunSummary? summary = await TrainingHarness.TrainAsync(output, ["--Training:Epochs=2"]);

        Assert.NotNull(summary);
        Assert.Equal((800, 500), PngFile.Size(File.ReadAllBytes(Path.Combine(output, RunPictures.LossFile))));
        Assert.Equal((800, 500), PngFile.Size(File.ReadAllBytes(Path.Combine(output, RunPictures.AccuracyFile))));
        Assert.Equal((760, 640), PngFile.Size(File.ReadAllBytes(Path.Combine(output, RunPictures.ConfusionFile))));
        Assert.Empty(Directory.GetFiles(output, "*.partial"));
    }

    [Fact]
    public async Task Confusion_matrix_is_the_final_test_evaluation_the_summary_reports()
    {
        string output = TrainingHarness.NewOutputDirectory();
        RunSummary? summary = await TrainingHarness.TrainAsync(output, ["--Training:Epochs=1"]);
        float[] model = WeightsFile.Read(Path.Combine(output, RunOutputs.ModelFile));
        using var pictures = new TemporaryDirectory();

        ConfusionMatrix? matrix = new RunPictures(NullLogger<RunPictures>.Instance)
            .Draw(pictures.Path, [], model, mnist.Test.Take(320), parallelism: 2, CancellationToken.None);

        Assert.NotNull(matrix);
        Assert.Equal(320, matrix.Total);
        Assert.Equal(summary!.FinalTestAccuracy, matrix.Accuracy);
    }

    [Fact]
    public void Pictures_that_cannot_be_written_are_reported_without_failing_the_run()
    {
        var logger = new ListLogger<RunPictures>();
        string missing = Path.Combine(Path.GetTempPath(), $"lenet-absent-{Guid.NewGuid():N}");
        EpochMetrics[] epochs = [new(1, 0.5, 0.8, 0.4, 0.85, 0.01, 1, 150)];

        ConfusionMatrix? matrix = new RunPictures(logger)
            .Draw(missing, epochs, ParameterInitializer.Create(1), mnist.Test.Take(16), parallelism: 1, CancellationToken.None);

        Assert.Null(matrix);
        string warning = Assert.Single(logger.Warnings);
        Assert.StartsWith($"No pictures in {missing}: ", warning);
        Assert.False(Directory.Exists(missing));
    }
}
