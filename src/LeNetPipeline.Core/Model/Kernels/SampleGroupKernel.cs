// Forward and backward of LeNet-5 for a group of up to 16 samples; one instance per compute worker.
// Invariant: each sample's gradient g_s is computed independently of the others in the group, and Train's sum is
// exactly acc = g_0; acc += g_1; ... in sample order, so it equals the aggregator's rebuild from TrainPerSample.
namespace LeNetPipeline.Model.Kernels;

public sealed class SampleGroupKernel
{
    public const int GroupSize = 16;

    private readonly ScalarSampleNetwork _network = new();
    private readonly float[] _sampleGradient = new float[ParameterLayout.Count];

    /// <summary>
    /// Forward and backward for <paramref name="count"/> samples; <paramref name="gradient"/> is overwritten with
    /// the sequential (sample-order) float sum of the samples' gradients.
    /// </summary>
    public void Train(ReadOnlySpan<float> parameters, ReadOnlySpan<byte> images, ReadOnlySpan<byte> labels, int count,
        Span<float> gradient, Span<float> losses, Span<byte> predictions)
    {
        Validate(parameters, images, labels, count, losses, predictions);
        if (gradient.Length != ParameterLayout.Count)
        {
            throw new ArgumentException($"the gradient holds {ParameterLayout.Count} floats", nameof(gradient));
        }

        for (int s = 0; s < count; s++)
        {
            Span<float> target = s == 0 ? gradient : _sampleGradient;
            losses[s] = _network.Train(parameters, images.Slice(s * ParameterLayout.ImagePixels, ParameterLayout.ImagePixels),
                labels[s], target, out predictions[s]);
            if (s > 0)
            {
                for (int i = 0; i < gradient.Length; i++)
                {
                    gradient[i] += _sampleGradient[i];
                }
            }
        }
    }

    /// <summary>As <see cref="Train"/>, but writes sample s's gradient to perSampleGradients[s*Count, (s+1)*Count).</summary>
    public void TrainPerSample(ReadOnlySpan<float> parameters, ReadOnlySpan<byte> images, ReadOnlySpan<byte> labels, int count,
        Span<float> perSampleGradients, Span<float> losses, Span<byte> predictions)
    {
        Validate(parameters, images, labels, count, losses, predictions);
        if (perSampleGradients.Length < count * ParameterLayout.Count)
        {
            throw new ArgumentException($"per-sample gradients need count x {ParameterLayout.Count} floats", nameof(perSampleGradients));
        }

        for (int s = 0; s < count; s++)
        {
            losses[s] = _network.Train(parameters, images.Slice(s * ParameterLayout.ImagePixels, ParameterLayout.ImagePixels),
                labels[s], perSampleGradients.Slice(s * ParameterLayout.Count, ParameterLayout.Count), out predictions[s]);
        }
    }

    /// <summary>Forward only: each sample's loss and argmax prediction.</summary>
    public void Evaluate(ReadOnlySpan<float> parameters, ReadOnlySpan<byte> images, ReadOnlySpan<byte> labels, int count,
        Span<float> losses, Span<byte> predictions)
    {
        Validate(parameters, images, labels, count, losses, predictions);
        for (int s = 0; s < count; s++)
        {
            losses[s] = _network.Forward(parameters, images.Slice(s * ParameterLayout.ImagePixels, ParameterLayout.ImagePixels),
                labels[s], out predictions[s]);
        }
    }

    private static void Validate(ReadOnlySpan<float> parameters, ReadOnlySpan<byte> images, ReadOnlySpan<byte> labels, int count,
        Span<float> losses, Span<byte> predictions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, GroupSize);
        if (parameters.Length != ParameterLayout.Count)
        {
            throw new ArgumentException($"the parameters hold {ParameterLayout.Count} floats", nameof(parameters));
        }
        if (images.Length < count * ParameterLayout.ImagePixels)
        {
            throw new ArgumentException($"{count} images need {count * ParameterLayout.ImagePixels} bytes", nameof(images));
        }
        if (labels.Length < count)
        {
            throw new ArgumentException($"{count} samples need {count} labels", nameof(labels));
        }
        for (int s = 0; s < count; s++)
        {
            if (labels[s] >= ParameterLayout.Classes)
            {
                throw new ArgumentException($"label {labels[s]} of sample {s} is not a class 0..9", nameof(labels));
            }
        }
        if (losses.Length < count)
        {
            throw new ArgumentException($"{count} samples need {count} losses", nameof(losses));
        }
        if (predictions.Length < count)
        {
            throw new ArgumentException($"{count} samples need {count} predictions", nameof(predictions));
        }
    }
}
