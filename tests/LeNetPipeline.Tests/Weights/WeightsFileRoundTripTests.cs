// Weights written by WeightsFile come back bit for bit, and writing replaces a file whole or not at all.
// Values include -0, the smallest subnormal and the extremes, which a lossy path would change.
using LeNetPipeline.Weights;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Weights;

public sealed class WeightsFileRoundTripTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Write_then_Read_gives_bit_identical_parameters()
    {
        float[] parameters = NpyBytes.SampleParameters();
        parameters[0] = -0.0f;
        parameters[1] = float.Epsilon;
        parameters[2] = float.MaxValue;
        parameters[3] = -float.MinValue;
        string path = _directory.File("model.npz");

        WeightsFile.Write(path, parameters);
        float[] read = WeightsFile.Read(path);

        Assert.Equal(parameters.Select(BitConverter.SingleToInt32Bits), read.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Write_replaces_an_existing_file_and_leaves_no_temporary_file()
    {
        string path = _directory.File("model.npz");
        File.WriteAllText(path, "old content");
        float[] parameters = NpyBytes.SampleParameters();

        WeightsFile.Write(path, parameters);

        Assert.Equal(parameters, WeightsFile.Read(path));
        Assert.Equal([path], Directory.GetFiles(_directory.Path));
    }

    [Fact]
    public void Writing_the_same_weights_twice_gives_identical_files()
    {
        float[] parameters = NpyBytes.SampleParameters();
        WeightsFile.Write(_directory.File("a.npz"), parameters);
        WeightsFile.Write(_directory.File("b.npz"), parameters);

        Assert.Equal(File.ReadAllBytes(_directory.File("a.npz")), File.ReadAllBytes(_directory.File("b.npz")));
    }

    [Fact]
    public void Write_refuses_a_buffer_that_is_not_a_full_parameter_set()
    {
        Assert.Throws<ArgumentException>(() => WeightsFile.Write(_directory.File("model.npz"), new float[10]));
    }
}
