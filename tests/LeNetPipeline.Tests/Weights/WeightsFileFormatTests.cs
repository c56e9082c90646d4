// Checks our .npz against the format rules with BCL zip reading and byte-level parsing written here, not with
// our reader, so a mistake shared by our writer and reader cannot hide.
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using LeNetPipeline.Model;
using LeNetPipeline.Weights;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Weights;

public sealed class WeightsFileFormatTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly float[] _parameters = NpyBytes.SampleParameters();
    private readonly string _path;

    public WeightsFileFormatTests()
    {
        _path = _directory.File("model.npz");
        WeightsFile.Write(_path, _parameters);
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Archive_holds_one_stored_npy_entry_per_parameter_in_interchange_order()
    {
        using ZipArchive zip = ZipFile.OpenRead(_path);

        Assert.Equal(ParameterLayout.Tensors.Select(t => t.Name + ".npy"), zip.Entries.Select(e => e.FullName));
        Assert.All(zip.Entries, entry => Assert.Equal(entry.Length, entry.CompressedLength));
        byte[] file = File.ReadAllBytes(_path);
        Assert.Equal("PK\x03\x04"u8.ToArray(), file[..4]);
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(8)));
    }

    [Theory]
    [InlineData("c1_kernel", "(6, 1, 5, 5)")]
    [InlineData("c1_bias", "(6,)")]
    [InlineData("f6_weights", "(84, 120)")]
    [InlineData("out_bias", "(10,)")]
    public void Each_entry_has_a_version_1_header_numpy_reads_with_data_aligned_to_64_bytes(string name, string shape)
    {
        byte[] npy = EntryBytes(name);

        Assert.Equal([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'], npy[..6]);
        Assert.Equal([1, 0], npy[6..8]);
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(npy.AsSpan(8));
        Assert.Equal(0, (10 + headerLength) % 64);
        string header = Encoding.ASCII.GetString(npy, 10, headerLength);
        string dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}";
        Assert.StartsWith(dict, header);
        Assert.Matches("^ *\n$", header[dict.Length..]);
    }

    [Fact]
    public void Entry_data_is_the_float32_little_endian_values_in_c_order()
    {
        foreach (ParameterTensor tensor in ParameterLayout.Tensors)
        {
            byte[] npy = EntryBytes(tensor.Name);
            int dataStart = 10 + BinaryPrimitives.ReadUInt16LittleEndian(npy.AsSpan(8));

            Assert.Equal(NpyBytes.Float32LittleEndian(tensor.Of((ReadOnlySpan<float>)_parameters)), npy[dataStart..]);
        }
    }

    private byte[] EntryBytes(string name)
    {
        using ZipArchive zip = ZipFile.OpenRead(_path);
        using Stream stream = zip.GetEntry(name + ".npy")!.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
