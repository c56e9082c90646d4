// Seeded random parameters and images for the kernel tests: the model's initialisation ranges, with non-zero biases
// so that every bias path is exercised, and images mixing blank background, full ink and grey levels like MNIST.
using LeNetPipeline.Model;
using LeNetPipeline.Randomness;

namespace LeNetPipeline.Tests.Kernels;

internal static class KernelTestData
{
    public static float[] Parameters(ulong seed)
    {
        var random = new SeededRandom(seed);
        float[] parameters = new float[ParameterLayout.Count];
        Fill(parameters, ParameterLayout.C1Kernel, MathF.Sqrt(3f / 25f), random);
        Fill(parameters, ParameterLayout.C1Bias, 0.1f, random);
        Fill(parameters, ParameterLayout.C3Kernel, MathF.Sqrt(3f / 150f), random);
        Fill(parameters, ParameterLayout.C3Bias, 0.1f, random);
        Fill(parameters, ParameterLayout.C5Kernel, MathF.Sqrt(3f / 400f), random);
        Fill(parameters, ParameterLayout.C5Bias, 0.1f, random);
        Fill(parameters, ParameterLayout.F6Weights, 4f * MathF.Sqrt(6f / (120 + 84)), random);
        Fill(parameters, ParameterLayout.F6Bias, 0.1f, random);
        Fill(parameters, ParameterLayout.OutWeights, 4f * MathF.Sqrt(6f / (84 + 10)), random);
        Fill(parameters, ParameterLayout.OutBias, 0.1f, random);
        return parameters;
    }

    public static byte[] Images(ulong seed, int count)
    {
        var random = new SeededRandom(seed);
        byte[] images = new byte[count * ParameterLayout.ImagePixels];
        for (int i = 0; i < images.Length; i++)
        {
            int kind = random.NextInt(4);
            images[i] = kind switch
            {
                0 or 1 => 0,
                2 => 255,
                _ => (byte)random.NextInt(256),
            };
        }
        return images;
    }

    public static byte[] Labels(ulong seed, int count)
    {
        var random = new SeededRandom(seed);
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (byte)random.NextInt(ParameterLayout.Classes);
        }
        return labels;
    }

    private static void Fill(float[] parameters, ParameterTensor tensor, float bound, SeededRandom random)
    {
        Span<float> view = tensor.Of(parameters.AsSpan());
        for (int i = 0; i < view.Length; i++)
        {
            view[i] = (float)((random.NextDouble() * 2 - 1) * bound);
        }
    }
}
