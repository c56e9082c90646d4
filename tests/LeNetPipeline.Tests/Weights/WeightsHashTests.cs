// weights_sha256: pinned for all-zero weights, and equal to SHA-256 of the little-endian float32 bytes in layout order.
// The expected bytes are built here with BinaryPrimitives, not taken from the code under test.
using System.Security.Cryptography;
using LeNetPipeline.Model;
using LeNetPipeline.Weights;

namespace LeNetPipeline.Tests.Weights;

public class WeightsHashTests
{
    [Fact]
    public void Hash_of_all_zero_weights_is_the_sha256_of_246824_zero_bytes()
    {
        // Pinned with: head -c 246824 /dev/zero | sha256sum
        Assert.Equal(
            "fee9a7b130d3cc159916b98675dd71b4e3f22e22b5d433d3abe21b4e4c4c14e3",
            WeightsHash.Sha256Hex(new float[ParameterLayout.Mnist.Count]));
    }

    [Fact]
    public void Hash_is_lower_case_sha256_of_float32_little_endian_bytes_in_layout_order()
    {
        float[] parameters = NpyBytes.SampleParameters();

        string expected = Convert.ToHexString(SHA256.HashData(NpyBytes.Float32LittleEndian(parameters))).ToLowerInvariant();

        Assert.Equal(expected, WeightsHash.Sha256Hex(parameters));
    }

    [Fact]
    public void Hash_refuses_a_buffer_that_is_not_a_full_parameter_set()
    {
        Assert.Throws<ArgumentException>(() => WeightsHash.Sha256Hex(new float[ParameterLayout.Mnist.Count - 1]));
    }
}
