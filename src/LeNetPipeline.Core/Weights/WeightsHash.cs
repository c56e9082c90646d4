// weights_sha256 of summary.json: SHA-256 of the parameters as float32 little-endian bytes in ParameterLayout order.
// The bytes hashed are exactly the data bytes of model.npz's arrays, concatenated in interchange order.
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using LeNetPipeline.Model;

namespace LeNetPipeline.Weights;

public static class WeightsHash
{
    /// <summary>Lower-case hex SHA-256 of a full parameter buffer (<see cref="ParameterLayout.Count"/> floats of some layout).</summary>
    public static string Sha256Hex(ReadOnlySpan<float> parameters)
    {
        if (ParameterLayout.ForCount(parameters.Length) is null)
        {
            throw new ArgumentException(
                $"{parameters.Length} floats are no LeNet-5 parameter buffer (61706 for ten classes)", nameof(parameters));
        }
        if (BitConverter.IsLittleEndian)
        {
            return Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(parameters)));
        }
        byte[] bytes = new byte[parameters.Length * sizeof(float)];
        for (int i = 0; i < parameters.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), parameters[i]);
        }
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
