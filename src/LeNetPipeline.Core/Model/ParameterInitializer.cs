// The notebook's initialisation of LeNet-5's parameters (61,706 for ten classes), reproducible from a seed on every .NET version.
// Draw order is the contract: tensors in ParameterLayout order, elements in C order, one NextDouble() per weight,
// w = (float)((2u - 1) * limit) with u = NextDouble(); biases are zero and consume no draws.
using LeNetPipeline.Randomness;

namespace LeNetPipeline.Model;

public static class ParameterInitializer
{
    /// <summary>A fresh ten-class parameter buffer filled from <c>new SeededRandom(seed)</c>.</summary>
    public static float[] Create(ulong seed) => Create(seed, ParameterLayout.Mnist);

    /// <summary>A fresh parameter buffer of <paramref name="layout"/> filled from <c>new SeededRandom(seed)</c>.</summary>
    public static float[] Create(ulong seed, ParameterLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var parameters = new float[layout.Count];
        Fill(parameters, new SeededRandom(seed));
        return parameters;
    }

    /// <summary>
    /// Overwrites all parameters (the class count follows from the buffer's length), drawing from
    /// <paramref name="random"/> in the documented order.
    /// </summary>
    public static void Fill(Span<float> parameters, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ParameterLayout layout = ParameterLayout.ForCount(parameters.Length)
            ?? throw new ArgumentException(
                $"{parameters.Length} values are no LeNet-5 layout's count (61706 for ten classes)", nameof(parameters));
        foreach (ParameterTensor tensor in layout.Tensors)
        {
            Span<float> values = tensor.Of(parameters);
            if (tensor.Shape.Length == 1)
            {
                values.Clear();
                continue;
            }
            double limit = Limit(tensor);
            for (int i = 0; i < values.Length; i++)
            {
                double u = random.NextDouble();
                values[i] = (float)((2.0 * u - 1.0) * limit);
            }
        }
    }

    /// <summary>
    /// The half-width of the uniform range of a weight tensor: sqrt(3 / fan_in) for a convolution kernel
    /// (out, in, 5, 5) with fan_in = in * 25; 4 sqrt(6 / (fan_in + fan_out)) for dense weights (out, in).
    /// </summary>
    public static double Limit(ParameterTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        int[] shape = tensor.Shape;
        return shape.Length switch
        {
            4 => Math.Sqrt(3.0 / (shape[1] * shape[2] * shape[3])),
            2 => 4.0 * Math.Sqrt(6.0 / (shape[1] + shape[0])),
            _ => throw new ArgumentException($"{tensor.Name} {tensor.ShapeText} is not a weight tensor", nameof(tensor)),
        };
    }
}
