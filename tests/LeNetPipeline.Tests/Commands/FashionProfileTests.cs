// The Fashion-MNIST profile and the commands on Fashion-MNIST, without Debian's dataset-fashion-mnist package: the
// profile's settings bind and validate as documented, and evaluate names the garments, here on a tiny data
// directory in the Fashion-MNIST layout (real MNIST images standing in; unofficial files are used with a warning).
using System.Buffers.Binary;
using LeNetPipeline.Tests.Data;
using LeNetPipeline.Tests.Pipeline;
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Worker.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Commands;

[Collection(CommandsCollection.Name)]
public class FashionProfileTests(MnistFixture mnist, TrainedModelFixture model)
{
    [Fact]
    public async Task The_fashion_profile_selects_Fashion_MNIST_with_its_documented_schedule()
    {
        HostApplicationBuilder builder = HostComposition.CreateBuilder(["--Profile=fashion"], new ContentRoot(RepositoryPaths.Root));
        using IHost host = builder.Build();
        // Start validates every options class, as a run does before any work.
        await host.StartAsync();
        try
        {
            DataOptions data = host.Services.GetRequiredService<IOptions<DataOptions>>().Value;
            TrainingOptions training = host.Services.GetRequiredService<IOptions<TrainingOptions>>().Value;
            OutputOptions output = host.Services.GetRequiredService<IOptions<OutputOptions>>().Value;

            Assert.Equal("fashion-mnist", data.Dataset);
            Assert.Equal(30, training.Epochs);
            Assert.Equal([20, 26], training.LearningRateDropEpochs);
            Assert.Equal(1, training.MaxShift);
            Assert.Equal(0.01, training.LearningRateAt(20), 12);
            Assert.Equal(0.001, training.LearningRateAt(21), 12);
            Assert.Equal(0.0001, training.LearningRateAt(27), 12);
            Assert.Equal("runs/fashion", output.Directory);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Evaluate_on_Fashion_MNIST_names_the_garments_in_its_table()
    {
        using var data = new TemporaryDirectory();
        WriteIdx(data, "train-images-idx3-ubyte", "train-labels-idx1-ubyte", 32);
        WriteIdx(data, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 48);
        using var output = new TemporaryDirectory();

        CommandResult result = await CommandRunner.RunAsync("evaluate", "--Data:Dataset=fashion-mnist", $"--Data:Directory={data.Path}",
            $"--Evaluate:Weights={model.ModelPath}", $"--Output:Directory={output.Path}");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Errors);
        CsvTable summary = CsvTable.Read(output.File("evaluation-test.csv"));
        Assert.Equal(
            ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot", "all"],
            summary.Rows.Select(row => row[summary.Column("name")]));
        Assert.Equal("48", summary.Row("all")[summary.Column("samples")]);
    }

    private void WriteIdx(TemporaryDirectory directory, string images, string labels, int count)
    {
        byte[] imageBytes = new byte[16 + (count * 784)];
        BinaryPrimitives.WriteUInt32BigEndian(imageBytes, 0x00000803);
        BinaryPrimitives.WriteUInt32BigEndian(imageBytes.AsSpan(4), (uint)count);
        BinaryPrimitives.WriteUInt32BigEndian(imageBytes.AsSpan(8), 28);
        BinaryPrimitives.WriteUInt32BigEndian(imageBytes.AsSpan(12), 28);
        mnist.Test.Pixels.AsSpan(0, count * 784).CopyTo(imageBytes.AsSpan(16));
        directory.Write(images, imageBytes);

        byte[] labelBytes = new byte[8 + count];
        BinaryPrimitives.WriteUInt32BigEndian(labelBytes, 0x00000801);
        BinaryPrimitives.WriteUInt32BigEndian(labelBytes.AsSpan(4), (uint)count);
        mnist.Test.Labels.AsSpan(0, count).CopyTo(labelBytes.AsSpan(8));
        directory.Write(labels, labelBytes);
    }
}
