// Reads .npz files that numpy itself wrote (Fixtures/make_numpy_fixtures.py, run once and checked in), so the
// reader is held to what numpy actually produces, not only to our reading of the format rules.
using System.Runtime.CompilerServices;
using LeNetPipeline.Weights;

namespace LeNetPipeline.Tests.Weights;

public class NumpyFixtureTests
{
    [Theory]
    [InlineData("numpy_savez.npz")]
    [InlineData("numpy_savez_compressed.npz")]
    public void Arrays_numpy_saved_are_read_with_their_values(string fixture)
    {
        using NpzReader reader = NpzReader.Open(Fixture(fixture));

        Assert.Equal(["weights", "momentum", "epoch", "rng_state"], reader.Names);
        Assert.Equal([1.5f, -2.25f, 0f, float.Epsilon, 3f, -0f], reader.ReadFloat32("weights", [2, 3]));
        Assert.Equal([Math.PI, -Math.E, 1.0 / 3.0], reader.ReadFloat64("momentum", [3]));
        Assert.Equal([-7L], reader.ReadInt64("epoch", []));
        Assert.Equal([1UL, 2UL, ulong.MaxValue, 0x9E3779B97F4A7C15UL], reader.ReadUInt64("rng_state", [4]));
    }

    [Fact]
    public void Negative_zero_numpy_saved_keeps_its_sign()
    {
        using NpzReader reader = NpzReader.Open(Fixture("numpy_savez.npz"));

        Assert.True(float.IsNegative(reader.ReadFloat32("weights", [2, 3])[5]));
    }

    [Theory]
    [InlineData("version2")]
    [InlineData("version3")]
    public void Header_versions_2_and_3_numpy_wrote_are_read(string name)
    {
        using NpzReader reader = NpzReader.Open(Fixture("numpy_header_versions.npz"));

        Assert.Equal([Math.PI, -Math.E, 1.0 / 3.0], reader.ReadFloat64(name, [3]));
    }

    // The fixtures sit beside this source file; the tests run on the machine that built them.
    private static string Fixture(string name, [CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "Fixtures", name);
}
