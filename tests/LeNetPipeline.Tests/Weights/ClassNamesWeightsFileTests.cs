// A model of K classes keeps the notebook's arrays (out_weights (K,84), out_bias (K,)) and adds class_names, a
// numpy unicode array ('<Un'), which numpy reads as np.str_ values and the notebook ignores.
using System.IO.Compression;
using System.Text;
using LeNetPipeline.Model;
using LeNetPipeline.Weights;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Weights;

public sealed class ClassNamesWeightsFileTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_26_class_model_round_trips_with_its_class_names()
    {
        ParameterLayout layout = ParameterLayout.For(26);
        float[] parameters = ParameterInitializer.Create(3, layout);
        string[] names = [.. Enumerable.Range(0, 26).Select(i => ((char)('A' + i)).ToString())];
        string path = _directory.File("letters.npz");

        WeightsFile.Write(path, parameters, names);
        WeightsFileContent read = WeightsFile.ReadModel(path);

        Assert.Equal(layout, read.Layout);
        Assert.Equal(parameters, read.Parameters);
        Assert.Equal(names, read.ClassNames);
    }

    [Fact]
    public void Class_names_are_a_numpy_unicode_array_of_the_longest_names_width()
    {
        string path = _directory.File("fashion.npz");
        string[] names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
        WeightsFile.Write(path, ParameterInitializer.Create(1), names);

        using ZipArchive zip = ZipFile.OpenRead(path);
        Assert.Equal(
            ["c1_kernel.npy", "c1_bias.npy", "c3_kernel.npy", "c3_bias.npy", "c5_kernel.npy", "c5_bias.npy", "f6_weights.npy", "f6_bias.npy", "out_weights.npy", "out_bias.npy", "class_names.npy"],
            zip.Entries.Select(e => e.FullName));
        using var stream = new MemoryStream();
        using (Stream entry = zip.GetEntry("class_names.npy")!.Open())
        {
            entry.CopyTo(stream);
        }
        byte[] bytes = stream.ToArray();
        int dataOffset = 10 + BitConverter.ToUInt16(bytes, 8);
        string header = Encoding.ASCII.GetString(bytes, 10, dataOffset - 10);
        Assert.StartsWith("{'descr': '<U11', 'fortran_order': False, 'shape': (10,), }", header, StringComparison.Ordinal);
        Assert.Equal(0, dataOffset % 64);
        Assert.Equal(dataOffset + (10 * 11 * 4), bytes.Length);
        Assert.Equal("T-shirt/top", Encoding.UTF32.GetString(bytes, dataOffset, 11 * 4));
    }

    [Fact]
    public void A_file_without_class_names_reads_with_none()
    {
        string path = _directory.File("notebook.npz");
        WeightsFile.Write(path, ParameterInitializer.Create(1));

        WeightsFileContent read = WeightsFile.ReadModel(path);

        Assert.Null(read.ClassNames);
        Assert.Equal(ParameterLayout.Mnist, read.Layout);
    }

    [Fact]
    public void Class_names_that_do_not_match_the_output_layer_are_refused()
    {
        Assert.Throws<ArgumentException>(() => WeightsFile.Write(_directory.File("bad.npz"), ParameterInitializer.Create(1), ["a", "b"]));
    }
}
