// Seeded random parameters and images for the kernel tests: the model's initialisation ranges, with non-zero biases
// so that every bias path is exercised, and images mixing blank background, full ink and grey levels like MNIST.
using LeNetPipeline.Model;
using LeNetPipeline.Randomness;

namespace LeNetPipeline.Tests.Kernels;

internal static class KernelTestData
{
    public static float[] Parameters(ulong seed) => Parameters(seed, ParameterLayout.Mnist);

    public static float[] Parameters(ulong seed, ParameterLayout layout)
    {
        var random = new SeededRandom(seed);
        float[] parameters = new float[layout.Count];
        Fill(parameters, layout.C1Kernel, MathF.Sqrt(3f / 25f), random);
        Fill(parameters, layout.C1Bias, 0.1f, random);
        Fill(parameters, layout.C3Kernel, MathF.Sqrt(3f / 150f), random);
        Fill(parameters, layout.C3Bias, 0.1f, random);
        Fill(parameters, layout.C5Kernel, MathF.Sqrt(3f / 400f), random);
        Fill(parameters, layout.C5Bias, 0.1f, random);
        Fill(parameters, layout.F6Weights, 4f * MathF.Sqrt(6f / (120 + 84)), random);
        Fill(parameters, layout.F6Bias, 0.1f, random);
        Fill(parameters, layout.OutWeights, 4f * MathF.Sqrt(6f / (84 + layout.Classes)), random);
        Fill(parameters, layout.OutBias, 0.1f, random);
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

    public static byte[] Labels(ulong seed, int count) => Labels(seed, count, ParameterLayout.Mnist.Classes);

    public static byte[] Labels(ulong seed, int count, int classes)
    {
        var random = new SeededRandom(seed);
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (byte)random.NextInt(classes);
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
