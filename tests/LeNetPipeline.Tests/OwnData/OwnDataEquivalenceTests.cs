// Same data, same weights: MNIST samples written as an IDX pair, as a folder of PNG files and as a CSV train to
// bit-identical weights (weights_sha256), at compute parallelism 1 and 2. The three hold the same samples in the
// folder source's order (class by class, files by name), which is the order each source keeps.
using System.Text.Json;
using LeNetPipeline.Data;
using LeNetPipeline.Tests.Commands;
using LeNetPipeline.Tests.Data;
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.OwnData;

[Collection(MnistCollection.Name)]
public sealed class OwnDataEquivalenceTests(MnistFixture mnist) : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Idx_folder_and_csv_copies_of_the_same_samples_train_to_bit_identical_weights(int parallelism)
    {
        LabelledImages train = OwnDataFiles.OrderedByClass(mnist.Train, 640);
        LabelledImages test = OwnDataFiles.OrderedByClass(mnist.Test, 160);
        string idx = Directory.CreateDirectory(_directory.File("idx")).FullName;
        OwnDataFiles.WriteIdx(train, Path.Combine(idx, "train-images"), Path.Combine(idx, "train-labels"));
        OwnDataFiles.WriteIdx(test, Path.Combine(idx, "test-images"), Path.Combine(idx, "test-labels"));
        string folder = _directory.File("folder");
        OwnDataFiles.WriteFolder(train, Path.Combine(folder, "train"));
        OwnDataFiles.WriteFolder(test, Path.Combine(folder, "test"));
        OwnDataFiles.WriteCsv(train, _directory.File("train.csv"));
        OwnDataFiles.WriteCsv(test, _directory.File("test.csv"));

        string fromIdx = await TrainAsync("idx", parallelism, "--Data:Dataset=idx",
            $"--Data:TrainImages={idx}/train-images", $"--Data:TrainLabels={idx}/train-labels",
            $"--Data:TestImages={idx}/test-images", $"--Data:TestLabels={idx}/test-labels");
        string fromFolder = await TrainAsync("folder", parallelism, "--Data:Dataset=folder", $"--Data:Directory={folder}");
        string fromCsv = await TrainAsync("csv", parallelism, "--Data:Dataset=csv",
            $"--Data:TrainCsv={_directory.File("train.csv")}", $"--Data:TestCsv={_directory.File("test.csv")}");

        Assert.Equal(fromIdx, fromFolder);
        Assert.Equal(fromIdx, fromCsv);
    }

    [Fact]
    public async Task The_idx_source_trains_as_the_mnist_source_does_on_the_same_files()
    {
        string fromMnist = await TrainAsync("mnist", 2, "--Data:Dataset=mnist", "--Data:TrainLimit=640", "--Data:TestLimit=160");
        string fromIdx = await TrainAsync("idx-mnist", 2, "--Data:Dataset=idx", "--Data:TrainLimit=640", "--Data:TestLimit=160",
            $"--Data:TrainImages={MnistFixture.DataDirectory}/train-images-idx3-ubyte", $"--Data:TrainLabels={MnistFixture.DataDirectory}/train-labels-idx1-ubyte",
            $"--Data:TestImages={MnistFixture.DataDirectory}/t10k-images-idx3-ubyte", $"--Data:TestLabels={MnistFixture.DataDirectory}/t10k-labels-idx1-ubyte");

        Assert.Equal(fromMnist, fromIdx);
    }

    private async Task<string> TrainAsync(string name, int parallelism, params string[] data)
    {
        string output = _directory.File($"run-{name}-{parallelism}");
        CommandResult result = await CommandRunner.RunAsync(
            ["train", .. data, "--Training:Epochs=1", $"--Pipeline:ComputeParallelism={parallelism}", $"--Output:Directory={output}"]);
        Assert.True(result.ExitCode == ExitCodes.Success, $"{name}: {result.Errors}");
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        return summary.RootElement.GetProperty("weights_sha256").GetString()!;
    }
}
