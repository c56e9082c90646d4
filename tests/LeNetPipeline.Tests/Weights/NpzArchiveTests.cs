// The general .npz reader and writer that checkpoints build on: any supported dtype, scalars, typed reads that
// check dtype and shape, and replacement of the target only on Commit.
using LeNetPipeline.Weights;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Weights;

public sealed class NpzArchiveTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Arrays_of_every_supported_dtype_round_trip_with_their_shapes()
    {
        string path = _directory.File("checkpoint.npz");
        float[] weights = [1.5f, -2.25f, 0f, float.Epsilon, 3f, 4f];
        double[] momentum = [Math.PI, -Math.E];
        ulong[] rngState = [ulong.MaxValue, 1, 0x9E3779B97F4A7C15UL, 42];
        using (NpzWriter writer = NpzWriter.Create(path))
        {
            writer.Add("weights", [2, 3], weights);
            writer.Add("momentum", [2], momentum);
            writer.Add("epoch", [], [long.MinValue]);
            writer.Add("rng_state", [4], rngState);
            writer.Commit();
        }

        using NpzReader reader = NpzReader.Open(path);

        Assert.Equal(["weights", "momentum", "epoch", "rng_state"], reader.Names);
        Assert.Equal(weights, reader.ReadFloat32("weights", [2, 3]));
        Assert.Equal(momentum, reader.ReadFloat64("momentum", [2]));
        Assert.Equal([long.MinValue], reader.ReadInt64("epoch", []));
        Assert.Equal(rngState, reader.ReadUInt64("rng_state", [4]));
    }

    [Fact]
    public void Header_reports_dtype_and_shape_without_reading_data()
    {
        string path = WriteOne(writer => writer.Add("epoch", [], [7L]));
        using NpzReader reader = NpzReader.Open(path);

        NpyHeader header = reader.Header("epoch");

        Assert.Equal(NpyDataType.Int64, header.DataType);
        Assert.Empty(header.Shape);
        Assert.Equal("()", header.ShapeText);
        Assert.Equal(1, header.ElementCount);
    }

    [Fact]
    public void Reading_with_another_dtype_names_the_file_array_and_both_dtypes()
    {
        string path = WriteOne(writer => writer.Add("epoch", [], [7L]));
        using NpzReader reader = NpzReader.Open(path);

        InvalidInputException error = Assert.Throws<InvalidInputException>(() => reader.ReadUInt64("epoch", []));

        Assert.Equal($"{path}: array 'epoch': dtype '<i8', expected '<u8'", error.Message);
    }

    [Fact]
    public void Reading_with_another_shape_names_the_file_array_and_both_shapes()
    {
        string path = WriteOne(writer => writer.Add("rng_state", [4], [1UL, 2, 3, 4]));
        using NpzReader reader = NpzReader.Open(path);

        InvalidInputException error = Assert.Throws<InvalidInputException>(() => reader.ReadUInt64("rng_state", [2, 2]));

        Assert.Equal($"{path}: array 'rng_state': shape (4,), expected (2, 2)", error.Message);
    }

    [Fact]
    public void Writer_that_fails_midway_leaves_the_existing_file_intact_and_no_temporary_file()
    {
        string path = _directory.File("checkpoint.npz");
        byte[] old = "the previous checkpoint"u8.ToArray();
        File.WriteAllBytes(path, old);

        void WriteThenFail()
        {
            using NpzWriter writer = NpzWriter.Create(path);
            writer.Add("weights", [100_000], new float[100_000]);
            // Mid-write: the new bytes exist only in a temporary file beside the target.
            Assert.Equal(old, File.ReadAllBytes(path));
            Assert.Equal(2, Directory.GetFiles(_directory.Path).Length);
            throw new IOException("simulated failure while the checkpoint is being written");
        }

        Assert.Throws<IOException>(WriteThenFail);

        Assert.Equal(old, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_directory.Path));
    }

    [Fact]
    public void Commit_that_cannot_rename_over_the_target_leaves_no_temporary_file()
    {
        string target = _directory.File("occupied");
        Directory.CreateDirectory(Path.Combine(target, "child"));

        Assert.ThrowsAny<IOException>(() =>
        {
            using NpzWriter writer = NpzWriter.Create(target);
            writer.Add("epoch", [], [1L]);
            writer.Commit();
        });

        Assert.Empty(Directory.GetFiles(_directory.Path));
        Assert.True(Directory.Exists(Path.Combine(target, "child")));
    }

    [Fact]
    public void Arrays_with_many_dimensions_round_trip_with_their_exact_shape()
    {
        int[] shape = [2, 1, 1, 1, 1, 1, 1, 1, 1, 3];
        string path = WriteOne(writer => writer.Add("deep", shape, [1L, 2, 3, 4, 5, 6]));
        using NpzReader reader = NpzReader.Open(path);

        Assert.Equal("(2, 1, 1, 1, 1, 1, 1, 1, 1, 3)", reader.Header("deep").ShapeText);
        Assert.Equal([1L, 2, 3, 4, 5, 6], reader.ReadInt64("deep", shape));
    }

    [Fact]
    public void Adding_the_same_name_twice_is_a_programming_error()
    {
        using NpzWriter writer = NpzWriter.Create(_directory.File("twice.npz"));
        writer.Add("epoch", [], [1L]);

        Assert.Throws<ArgumentException>(() => writer.Add("epoch", [], [2L]));
    }

    [Fact]
    public void Adding_data_that_does_not_fill_its_shape_is_a_programming_error()
    {
        using NpzWriter writer = NpzWriter.Create(_directory.File("shape.npz"));

        Assert.Throws<ArgumentException>(() => writer.Add("weights", [2, 3], new float[5]));
    }

    [Fact]
    public void Error_words_a_callers_own_finding_like_the_readers()
    {
        string path = WriteOne(writer => writer.Add("epoch", [], [-1L]));
        using NpzReader reader = NpzReader.Open(path);

        Assert.Equal($"{path}: array 'epoch': negative epoch -1", reader.Error("epoch", "negative epoch -1").Message);
    }

    private string WriteOne(Action<NpzWriter> add)
    {
        string path = _directory.File("one.npz");
        using NpzWriter writer = NpzWriter.Create(path);
        add(writer);
        writer.Commit();
        return path;
    }
}
