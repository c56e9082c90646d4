// A fully connected layer of one sample: X (in) -> Y (out) = W X + B, weights W shaped (out,in) as in the .npz.
// F6 is 120 -> 84 and the output layer 84 -> 10.
namespace LeNetPipeline.Model.Reference;

public sealed class DenseLayer
{
    public DenseLayer(int inFeatures, int outFeatures)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
    }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    public int WeightLength => OutFeatures * InFeatures;

    /// <summary>Y[o] = B[o] + sum over i of W[o,i] * X[i].</summary>
    public void Forward(ReadOnlySpan<double> x, ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, Span<double> y)
    {
        CheckShapes(x, weights);
        ShapeGuard.Require(bias.Length, OutFeatures, nameof(bias), "(out)");
        ShapeGuard.Require(y.Length, OutFeatures, nameof(y), "(out)");
        for (int o = 0; o < OutFeatures; o++)
        {
            double sum = bias[o];
            for (int i = 0; i < InFeatures; i++)
            {
                sum += weights[o * InFeatures + i] * x[i];
            }
            y[o] = sum;
        }
    }

    /// <summary>
    /// Overwrites dW (out,in) = dY ⊗ X, dB (out) = dY, and dX (in) = Wᵀ dY unless dX is empty.
    /// </summary>
    public void Backward(
        ReadOnlySpan<double> x,
        ReadOnlySpan<double> weights,
        ReadOnlySpan<double> dY,
        Span<double> dX,
        Span<double> dW,
        Span<double> dB)
    {
        CheckShapes(x, weights);
        ShapeGuard.Require(dY.Length, OutFeatures, nameof(dY), "(out)");
        ShapeGuard.Require(dW.Length, WeightLength, nameof(dW), "(out,in)");
        ShapeGuard.Require(dB.Length, OutFeatures, nameof(dB), "(out)");
        bool wantsInputGradient = !dX.IsEmpty;
        if (wantsInputGradient)
        {
            ShapeGuard.Require(dX.Length, InFeatures, nameof(dX), "(in)");
            dX.Clear();
        }
        for (int o = 0; o < OutFeatures; o++)
        {
            double g = dY[o];
            dB[o] = g;
            for (int i = 0; i < InFeatures; i++)
            {
                dW[o * InFeatures + i] = g * x[i];
                if (wantsInputGradient)
                {
                    dX[i] += g * weights[o * InFeatures + i];
                }
            }
        }
    }

    private void CheckShapes(ReadOnlySpan<double> x, ReadOnlySpan<double> weights)
    {
        ShapeGuard.Require(x.Length, InFeatures, nameof(x), "(in)");
        ShapeGuard.Require(weights.Length, WeightLength, nameof(weights), "(out,in)");
    }
}
