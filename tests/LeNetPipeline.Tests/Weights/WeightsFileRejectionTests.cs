// Each way a weights file can be wrong, and the one-line message that says which file, which array and what.
// Every message must start with the file and array, and stay on one line whatever the file contains.
using System.IO.Compression;
using LeNetPipeline.Model;
using LeNetPipeline.Weights;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Weights;

public sealed class WeightsFileRejectionTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly float[] _parameters = NpyBytes.SampleParameters();
    private readonly Dictionary<string, byte[]> _entries;

    public WeightsFileRejectionTests() => _entries = NpyBytes.WeightEntries(_parameters, float64: false);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Missing_file_is_reported_as_not_found()
    {
        string path = _directory.File("absent.npz");

        InvalidInputException error = Assert.Throws<InvalidInputException>(() => WeightsFile.Read(path));

        Assert.Equal($"{path}: file not found", error.Message);
    }

    [Fact]
    public void Directory_given_as_weights_is_named_as_such()
    {
        string path = _directory.File("a-directory.npz");
        Directory.CreateDirectory(path);

        InvalidInputException error = Assert.Throws<InvalidInputException>(() => WeightsFile.Read(path));

        Assert.Equal($"{path}: is a directory, not an .npz file", error.Message);
    }

    [Fact]
    public void File_that_is_not_a_zip_is_rejected()
    {
        InvalidInputException error = Rejected(System.Text.Encoding.ASCII.GetBytes("c1_kernel,0.1,0.2\n"));

        Assert.Contains("not a zip archive", error.Message);
    }

    [Fact]
    public void Single_npy_array_given_as_weights_is_named_as_such()
    {
        InvalidInputException error = Rejected(_entries["c1_kernel.npy"]);

        Assert.Contains("not a zip archive (it is a single .npy array)", error.Message);
    }

    [Fact]
    public void Truncated_zip_is_rejected()
    {
        byte[] whole = NpyBytes.Zip(_entries);

        InvalidInputException error = Rejected(whole[..(whole.Length / 2)]);

        Assert.Contains("truncated or corrupt zip archive", error.Message);
    }

    [Fact]
    public void Missing_array_is_rejected()
    {
        _entries.Remove("c5_bias.npy");

        AssertRejected("c5_bias", "missing array");
    }

    [Fact]
    public void Unexpected_extra_array_is_rejected()
    {
        _entries["momentum.npy"] = _entries["c1_bias.npy"];

        AssertRejected("momentum", "unexpected array");
    }

    [Fact]
    public void Wrong_shape_is_rejected_naming_the_expected_and_found_shapes()
    {
        byte[] data = NpyBytes.Float32LittleEndian(ParameterLayout.F6Weights.Of((ReadOnlySpan<float>)_parameters));
        _entries["f6_weights.npy"] = NpyBytes.Npy(NpyBytes.Dict("<f4", "(120, 84)"), data);

        AssertRejected("f6_weights", "shape (120, 84), expected (84, 120)");
    }

    [Theory]
    [InlineData("<i4")]
    [InlineData("<i8")]
    [InlineData("<u8")]
    [InlineData("<f2")]
    [InlineData("|b1")]
    [InlineData("<c8")]
    public void Non_float_and_unsupported_dtypes_are_rejected(string descr)
    {
        _entries["c1_bias.npy"] = NpyBytes.Npy(NpyBytes.Dict(descr, "(6,)"), new byte[6 * 8]);

        AssertRejected("c1_bias", $"unsupported dtype '{descr}'");
    }

    [Fact]
    public void Object_arrays_are_rejected_without_unpickling()
    {
        _entries["c1_bias.npy"] = NpyBytes.Npy(NpyBytes.Dict("|O", "(6,)"), new byte[6 * 8]);

        AssertRejected("c1_bias", "unsupported dtype '|O': object arrays are pickled, and pickles are never loaded");
    }

    [Fact]
    public void Structured_dtypes_are_rejected()
    {
        _entries["c1_bias.npy"] = NpyBytes.Npy("{'descr': [('w', '<f4')], 'fortran_order': False, 'shape': (6,), }", new byte[6 * 4]);

        AssertRejected("c1_bias", "unsupported dtype: structured arrays");
    }

    [Theory]
    [InlineData(">f4")]
    [InlineData(">f8")]
    public void Big_endian_arrays_are_rejected(string descr)
    {
        _entries["c3_bias.npy"] = NpyBytes.Npy(NpyBytes.Dict(descr, "(16,)"), new byte[16 * 8]);

        AssertRejected("c3_bias", $"big-endian dtype '{descr}' is not supported");
    }

    [Theory]
    [InlineData("=f4")]
    [InlineData("|f4")]
    [InlineData("f8")]
    public void Dtypes_that_do_not_state_little_endian_are_rejected(string descr)
    {
        _entries["c3_bias.npy"] = NpyBytes.Npy(NpyBytes.Dict(descr, "(16,)"), new byte[16 * 8]);

        AssertRejected("c3_bias", $"unsupported dtype '{descr}': it does not say it is little-endian");
    }

    [Fact]
    public void Fortran_order_arrays_are_rejected()
    {
        byte[] data = NpyBytes.Float32LittleEndian(ParameterLayout.OutWeights.Of((ReadOnlySpan<float>)_parameters));
        _entries["out_weights.npy"] = NpyBytes.Npy(NpyBytes.Dict("<f4", "(10, 84)", fortranOrder: "True"), data);

        AssertRejected("out_weights", "Fortran order (column-major) is not supported");
    }

    [Fact]
    public void NaN_is_rejected_naming_its_index()
    {
        _parameters[ParameterLayout.C3Kernel.Offset + 1234] = float.NaN;

        AssertRejected(NpyBytes.WeightEntries(_parameters, float64: false), "c3_kernel", "NaN at index [8, 1, 1, 4] (element 1234 of 2400)");
    }

    [Fact]
    public void Infinity_is_rejected_naming_its_index()
    {
        _parameters[ParameterLayout.OutBias.Offset + 3] = float.NegativeInfinity;

        AssertRejected(NpyBytes.WeightEntries(_parameters, float64: false), "out_bias", "-infinity at index [3] (element 3 of 10)");
    }

    [Fact]
    public void Float64_value_beyond_float32_range_is_rejected_naming_its_index()
    {
        Dictionary<string, byte[]> entries = NpyBytes.WeightEntries(_parameters, float64: true);
        double[] bias = new double[6];
        bias[5] = 1e300;
        entries["c1_bias.npy"] = NpyBytes.Npy(NpyBytes.Dict("<f8", "(6,)"), NpyBytes.Float64LittleEndian(bias));

        AssertRejected(entries, "c1_bias", "value 1E+300 at index [5] (element 5 of 6) is outside the float32 range");
    }

    [Theory]
    [InlineData("['descr', '<f4']", "it is not a Python dict literal")]
    [InlineData("{'descr': '<f4', 'fortran_order': False}", "no 'shape' key")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), 'offset': 0}", "unexpected key 'offset'")]
    [InlineData("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (6,)}", "key 'descr' appears twice")]
    [InlineData("{'descr': '<f4, 'fortran_order': False, 'shape': (6,)}", "expected ',' or '}'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': [6]}", "'shape' is not a tuple")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (6)}", "'shape' is not a tuple")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-6,)}", "shape (-6,) has a negative dimension")]
    [InlineData("{'descr': '<f4', 'fortran_order': 0, 'shape': (6,)}", "'fortran_order' is not True or False")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (" + "1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, "
        + "1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 6)}", "shape has 65 dimensions, more than numpy's 64")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (6,)} extra", "unexpected text after the dict")]
    [InlineData("{'descr': __import__('os').system('true'), 'fortran_order': False, 'shape': (6,)}", "'__import__' is not a literal this reader accepts")]
    public void Malformed_headers_are_rejected(string header, string problem)
    {
        _entries["c1_bias.npy"] = NpyBytes.Npy(header, new byte[6 * 4]);

        AssertRejected("c1_bias", "malformed header: " + problem);
    }

    [Fact]
    public void Unsupported_format_version_is_rejected()
    {
        byte[] npy = _entries["c1_bias.npy"];
        npy[6] = 4;

        AssertRejected("c1_bias", "unsupported .npy format version 4.0");
    }

    [Fact]
    public void Shape_whose_element_count_overflows_is_rejected()
    {
        _entries["c1_bias.npy"] = NpyBytes.Npy(NpyBytes.Dict("<f4", "(4294967296, 4294967296, 4294967296)"), new byte[6 * 4]);

        AssertRejected("c1_bias", "has 79228162514264337593543950336 elements: its size in bytes overflows 64 bits");
    }

    [Fact]
    public void Shape_needing_more_bytes_than_the_file_holds_is_rejected_before_allocating()
    {
        _entries["c1_kernel.npy"] = NpyBytes.Npy(NpyBytes.Dict("<f4", "(20000, 20000)"), new byte[150 * 4]);
        string path = Save(NpyBytes.Zip(_entries));
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        InvalidInputException error = Assert.Throws<InvalidInputException>(() => WeightsFile.Read(path));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore < 100_000_000, "allocated the claimed 1.6 GB");
        Assert.StartsWith($"{path}: array 'c1_kernel': ", error.Message);
        Assert.Contains("data truncated: shape (20000, 20000) of '<f4' needs 1600000000 bytes, only 600 follow the header", error.Message);
    }

    [Fact]
    public void Truncated_data_is_rejected()
    {
        byte[] whole = _entries["c1_bias.npy"];
        _entries["c1_bias.npy"] = whole[..^4];

        AssertRejected("c1_bias", "data truncated: shape (6,) of '<f4' needs 24 bytes, only 20 follow the header");
    }

    [Fact]
    public void Bytes_after_the_data_are_rejected()
    {
        _entries["c1_bias.npy"] = [.. _entries["c1_bias.npy"], 0, 0, 0, 0];

        AssertRejected("c1_bias", "4 bytes follow the 24 bytes of data that shape (6,) of '<f4' holds");
    }

    [Fact]
    public void Corrupt_deflated_entry_is_rejected()
    {
        byte[] zip = NpyBytes.Zip(_entries, CompressionLevel.Optimal);
        int dataStart = 30 + "c1_kernel.npy".Length;
        for (int i = dataStart + 10; i < dataStart + 40; i++)
        {
            zip[i] ^= 0x5A;
        }

        InvalidInputException error = Rejected(zip);

        Assert.StartsWith($"{_directory.File("weights.npz")}: array 'c1_kernel': ", error.Message);
    }

    [Fact]
    public void Entry_that_is_not_an_npy_array_is_rejected()
    {
        _entries["notes.txt"] = "trained on a laptop"u8.ToArray();

        InvalidInputException error = Rejected(NpyBytes.Zip(_entries));

        Assert.Contains("entry 'notes.txt' is not an .npy array", error.Message);
    }

    private void AssertRejected(string array, string problem) => AssertRejected(_entries, array, problem);

    private void AssertRejected(Dictionary<string, byte[]> entries, string array, string problem)
    {
        InvalidInputException error = Rejected(NpyBytes.Zip(entries));

        Assert.StartsWith($"{_directory.File("weights.npz")}: array '{array}': ", error.Message);
        Assert.Contains(problem, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    private InvalidInputException Rejected(byte[] file)
    {
        string path = Save(file);
        InvalidInputException error = Assert.Throws<InvalidInputException>(() => WeightsFile.Read(path));
        Assert.StartsWith(path + ": ", error.Message);
        return error;
    }

    private string Save(byte[] bytes)
    {
        string path = _directory.File("weights.npz");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
