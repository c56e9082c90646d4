// Builds .npy and .npz bytes by hand, straight from the format rules, independent of the code under test,
// so reading tests do not merely check that the reader agrees with our own writer.
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using LeNetPipeline.Model;

namespace LeNetPipeline.Tests.Weights;

internal static class NpyBytes
{
    public static string Dict(string descr, string shape, string fortranOrder = "False") =>
        $"{{'descr': '{descr}', 'fortran_order': {fortranOrder}, 'shape': {shape}, }}";

    /// <summary>Python's repr of a shape tuple: (6,) or (6, 1, 5, 5).</summary>
    public static string ShapeRepr(int[] shape) =>
        shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";

    /// <summary>Magic, version, little-endian header length (2 bytes for 1.0, 4 after), the header padded with
    /// spaces and ended by a newline so the data starts at a multiple of 64, then the data.</summary>
    public static byte[] Npy(string dict, byte[] data, byte major = 1)
    {
        int lengthBytes = major == 1 ? 2 : 4;
        int unpadded = 8 + lengthBytes + dict.Length + 1;
        string header = dict + new string(' ', (64 - (unpadded % 64)) % 64) + "\n";
        var bytes = new List<byte>();
        bytes.AddRange([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', major, 0]);
        byte[] length = new byte[lengthBytes];
        if (lengthBytes == 2)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)header.Length);
        }
        bytes.AddRange(length);
        bytes.AddRange(major == 3 ? Encoding.UTF8.GetBytes(header) : Encoding.Latin1.GetBytes(header));
        bytes.AddRange(data);
        return [.. bytes];
    }

    public static byte[] Float32LittleEndian(ReadOnlySpan<float> values)
    {
        byte[] bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }
        return bytes;
    }

    public static byte[] Float64LittleEndian(ReadOnlySpan<double> values)
    {
        byte[] bytes = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), values[i]);
        }
        return bytes;
    }

    public static byte[] Zip(IEnumerable<KeyValuePair<string, byte[]>> entries, CompressionLevel level = CompressionLevel.NoCompression)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach ((string name, byte[] bytes) in entries)
            {
                using Stream stream = zip.CreateEntry(name, level).Open();
                stream.Write(bytes);
            }
        }
        return memory.ToArray();
    }

    /// <summary>The ten weight arrays of <paramref name="parameters"/> as .npy entries ("c1_kernel.npy", ...) of
    /// float64 (like the notebook's cnn_params.npz) or float32; tests then break one entry.</summary>
    public static Dictionary<string, byte[]> WeightEntries(float[] parameters, bool float64)
    {
        var entries = new Dictionary<string, byte[]>();
        foreach (ParameterTensor tensor in ParameterLayout.Mnist.Tensors)
        {
            ReadOnlySpan<float> values = tensor.Of((ReadOnlySpan<float>)parameters);
            byte[] data = float64
                ? Float64LittleEndian([.. values.ToArray().Select(v => (double)v)])
                : Float32LittleEndian(values);
            entries[tensor.Name + ".npy"] = Npy(Dict(float64 ? "<f8" : "<f4", ShapeRepr(tensor.Shape)), data);
        }
        return entries;
    }

    /// <summary>Deterministic, varied parameter values: signs, magnitudes and fractions that float32 rounds.</summary>
    public static float[] SampleParameters()
    {
        float[] parameters = new float[ParameterLayout.Mnist.Count];
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] = (float)(Math.Sin(i * 0.7) * Math.Pow(10, (i % 7) - 4));
        }
        return parameters;
    }
}
