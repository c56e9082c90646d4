// Reading weights files built in the test by the .npy rules, as numpy (or the notebook) would have written them.
// Covers float64 like cnn_params.npz, deflated entries, header versions 2.0 and 3.0, and any key order or quoting.
using System.IO.Compression;
using LeNetPipeline.Model;
using LeNetPipeline.Weights;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Weights;

public sealed class WeightsFileReadTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Float64_arrays_like_the_notebooks_cnn_params_are_read_rounded_to_float32()
    {
        double[] doubles = new double[ParameterLayout.Count];
        for (int i = 0; i < doubles.Length; i++)
        {
            doubles[i] = Math.Sin(i * 0.3) / 3.0 + (i % 5) * 1e-9;
        }
        var entries = new Dictionary<string, byte[]>();
        foreach (ParameterTensor tensor in ParameterLayout.Tensors)
        {
            byte[] data = NpyBytes.Float64LittleEndian(doubles.AsSpan(tensor.Offset, tensor.Length));
            entries[tensor.Name + ".npy"] = NpyBytes.Npy(NpyBytes.Dict("<f8", NpyBytes.ShapeRepr(tensor.Shape)), data);
        }
        string path = Save(NpyBytes.Zip(entries));

        float[] parameters = WeightsFile.Read(path);

        Assert.Equal(doubles.Select(d => (float)d), parameters);
    }

    [Fact]
    public void Deflated_entries_are_read()
    {
        float[] expected = NpyBytes.SampleParameters();
        string path = Save(NpyBytes.Zip(NpyBytes.WeightEntries(expected, float64: false), CompressionLevel.Optimal));

        Assert.Equal(expected, WeightsFile.Read(path));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Format_versions_2_and_3_with_four_byte_header_lengths_are_read(byte major)
    {
        float[] expected = NpyBytes.SampleParameters();
        Dictionary<string, byte[]> entries = NpyBytes.WeightEntries(expected, float64: false);
        byte[] data = NpyBytes.Float32LittleEndian(ParameterLayout.C1Kernel.Of((ReadOnlySpan<float>)expected));
        entries["c1_kernel.npy"] = NpyBytes.Npy(NpyBytes.Dict("<f4", "(6, 1, 5, 5)"), data, major);

        Assert.Equal(expected, WeightsFile.Read(Save(NpyBytes.Zip(entries))));
    }

    [Fact]
    public void Header_keys_in_any_order_with_double_quotes_and_no_trailing_comma_are_read()
    {
        float[] expected = NpyBytes.SampleParameters();
        Dictionary<string, byte[]> entries = NpyBytes.WeightEntries(expected, float64: false);
        byte[] data = NpyBytes.Float32LittleEndian(ParameterLayout.C1Bias.Of((ReadOnlySpan<float>)expected));
        entries["c1_bias.npy"] = NpyBytes.Npy("{ \"shape\" : ( 6 , ) ,\"fortran_order\":False,\"descr\":\"<f4\"}", data);

        Assert.Equal(expected, WeightsFile.Read(Save(NpyBytes.Zip(entries))));
    }

    private string Save(byte[] bytes)
    {
        string path = _directory.File("weights.npz");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
