// Classifies prepared 28x28 images with one set of weights: the class from the fast forward pass
// (SampleGroupKernel, the one training and evaluate use) and the K probabilities from the double-precision
// reference network on the same bytes. Invariant: the two agree on the class; they may differ only on a near-tie
// (float against double rounding), which is reported, never hidden; any other disagreement is a bug and throws.
using LeNetPipeline.Model;
using LeNetPipeline.Model.Kernels;
using LeNetPipeline.Model.Reference;

namespace LeNetPipeline.Worker.Commands.Prediction;

internal sealed record DigitPrediction(int Class, double[] Probabilities, bool NearTie);

internal sealed class DigitClassifier
{
    /// <summary>Probabilities closer than this count as a tie that float and double may break differently.</summary>
    public const double TieTolerance = 1e-4;

    private readonly float[] _parameters;
    private readonly double[] _reference;
    private readonly SampleGroupKernel _kernel;
    private readonly float[] _loss = new float[1];
    private readonly byte[] _prediction = new byte[1];
    private readonly byte[] _anyLabel = new byte[1];

    public DigitClassifier(float[] parameters)
    {
        ParameterLayout layout = ParameterLayout.ForCount(parameters.Length)
            ?? throw new ArgumentException($"{parameters.Length} floats are no LeNet-5 parameter buffer (61706 for ten classes)", nameof(parameters));
        _kernel = new SampleGroupKernel(layout);
        _parameters = parameters;
        _reference = Array.ConvertAll(parameters, p => (double)p);
    }

    public DigitPrediction Classify(ReadOnlySpan<byte> pixels)
    {
        if (pixels.Length != ParameterLayout.ImagePixels)
        {
            throw new ArgumentException($"an input image is {ParameterLayout.ImagePixels} bytes, not {pixels.Length}", nameof(pixels));
        }
        // The kernel wants a label for its loss; the loss is not used here.
        _kernel.Evaluate(_parameters, pixels, _anyLabel, 1, _loss, _prediction);
        int fast = _prediction[0];

        double[] image = new double[ParameterLayout.ImagePixels];
        for (int i = 0; i < image.Length; i++)
        {
            image[i] = pixels[i] / 255.0;
        }
        double[] probabilities = ReferenceNetwork.Forward(_reference, image);
        int reference = ArgMax(probabilities);
        if (reference == fast)
        {
            return new DigitPrediction(fast, probabilities, NearTie: false);
        }
        double gap = probabilities[reference] - probabilities[fast];
        if (gap > TieTolerance)
        {
            throw new InvalidOperationException(
                $"the fast forward pass predicted class {fast} (probability {probabilities[fast]:F6}) but the reference network predicted {reference} ({probabilities[reference]:F6})");
        }
        return new DigitPrediction(fast, probabilities, NearTie: true);
    }

    private static int ArgMax(double[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }
        return best;
    }
}
