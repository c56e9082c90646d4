// The inputs every kernel benchmark uses: initial weights as the trainer makes them and 16 MNIST-like images
// (three quarters blank background, the rest ink and grey levels), seeded so every run computes the same thing.
using LeNetPipeline.Model;
using LeNetPipeline.Randomness;

namespace LeNetPipeline.Bench.Kernels;

internal sealed class BenchmarkInputs
{
    public const int Group = 16;

    public BenchmarkInputs()
    {
        var random = new SeededRandom(2);
        for (int i = 0; i < Images.Length; i++)
        {
            Images[i] = random.NextInt(4) == 0 ? (byte)random.NextInt(256) : (byte)0;
        }
        for (int s = 0; s < Group; s++)
        {
            Labels[s] = (byte)random.NextInt(ParameterLayout.Mnist.Classes);
        }
    }

    public float[] Parameters { get; } = ParameterInitializer.Create(seed: 1);

    public byte[] Images { get; } = new byte[Group * ParameterLayout.ImagePixels];

    public byte[] Labels { get; } = new byte[Group];
}
