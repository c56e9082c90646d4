// A 5x5, stride-1 convolution of one sample with zero padding P: X (C,H,W) -> Y (K,H+2P-4,W+2P-4), K out channels.
// Weights W (K,C,5,5) and bias B (K); cross-correlation (kernel not flipped), as the notebook and PyTorch compute it.
// Written as plain loops in double for clarity: it is the reference the vectorised kernels are tested against.
namespace LeNetPipeline.Model.Reference;

public sealed class ConvolutionLayer
{
    public const int KernelSize = 5;

    public ConvolutionLayer(int inChannels, int outChannels, int inputHeight, int inputWidth, int padding)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outChannels);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputHeight + 2 * padding, KernelSize, nameof(inputHeight));
        ArgumentOutOfRangeException.ThrowIfLessThan(inputWidth + 2 * padding, KernelSize, nameof(inputWidth));
        InChannels = inChannels;
        OutChannels = outChannels;
        InputHeight = inputHeight;
        InputWidth = inputWidth;
        Padding = padding;
        OutputHeight = inputHeight + 2 * padding - KernelSize + 1;
        OutputWidth = inputWidth + 2 * padding - KernelSize + 1;
    }

    public int InChannels { get; }

    public int OutChannels { get; }

    public int InputHeight { get; }

    public int InputWidth { get; }

    public int Padding { get; }

    public int OutputHeight { get; }

    public int OutputWidth { get; }

    public int InputLength => InChannels * InputHeight * InputWidth;

    public int OutputLength => OutChannels * OutputHeight * OutputWidth;

    public int WeightLength => OutChannels * InChannels * KernelSize * KernelSize;

    public int BiasLength => OutChannels;

    /// <summary>Y[k,oy,ox] = B[k] + sum over c,ky,kx of W[k,c,ky,kx] * X[c, oy+ky-P, ox+kx-P] (zero outside X).</summary>
    public void Forward(ReadOnlySpan<double> x, ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, Span<double> y)
    {
        CheckShapes(x, weights);
        ShapeGuard.Require(bias.Length, BiasLength, nameof(bias), "(K)");
        ShapeGuard.Require(y.Length, OutputLength, nameof(y), "(K,H_out,W_out)");
        for (int k = 0; k < OutChannels; k++)
        {
            for (int oy = 0; oy < OutputHeight; oy++)
            {
                for (int ox = 0; ox < OutputWidth; ox++)
                {
                    double sum = bias[k];
                    for (int c = 0; c < InChannels; c++)
                    {
                        for (int ky = 0; ky < KernelSize; ky++)
                        {
                            int iy = oy + ky - Padding;
                            if (iy < 0 || iy >= InputHeight)
                            {
                                continue;
                            }
                            for (int kx = 0; kx < KernelSize; kx++)
                            {
                                int ix = ox + kx - Padding;
                                if (ix < 0 || ix >= InputWidth)
                                {
                                    continue;
                                }
                                sum += weights[WeightIndex(k, c, ky, kx)] * x[InputIndex(c, iy, ix)];
                            }
                        }
                    }
                    y[(k * OutputHeight + oy) * OutputWidth + ox] = sum;
                }
            }
        }
    }

    /// <summary>
    /// Overwrites dW (K,C,5,5) and dB (K) with dLoss/dW and dLoss/dB, and dX (C,H,W) with dLoss/dX unless dX is
    /// empty (the first layer's input gradient is rarely wanted).
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
        ShapeGuard.Require(dY.Length, OutputLength, nameof(dY), "(K,H_out,W_out)");
        bool wantsInputGradient = !dX.IsEmpty;
        if (wantsInputGradient)
        {
            ShapeGuard.Require(dX.Length, InputLength, nameof(dX), "(C,H,W)");
            dX.Clear();
        }
        ShapeGuard.Require(dW.Length, WeightLength, nameof(dW), "(K,C,5,5)");
        ShapeGuard.Require(dB.Length, BiasLength, nameof(dB), "(K)");
        dW.Clear();
        dB.Clear();
        for (int k = 0; k < OutChannels; k++)
        {
            for (int oy = 0; oy < OutputHeight; oy++)
            {
                for (int ox = 0; ox < OutputWidth; ox++)
                {
                    double g = dY[(k * OutputHeight + oy) * OutputWidth + ox];
                    dB[k] += g;
                    for (int c = 0; c < InChannels; c++)
                    {
                        for (int ky = 0; ky < KernelSize; ky++)
                        {
                            int iy = oy + ky - Padding;
                            if (iy < 0 || iy >= InputHeight)
                            {
                                continue;
                            }
                            for (int kx = 0; kx < KernelSize; kx++)
                            {
                                int ix = ox + kx - Padding;
                                if (ix < 0 || ix >= InputWidth)
                                {
                                    continue;
                                }
                                int w = WeightIndex(k, c, ky, kx);
                                int i = InputIndex(c, iy, ix);
                                dW[w] += g * x[i];
                                if (wantsInputGradient)
                                {
                                    dX[i] += g * weights[w];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private void CheckShapes(ReadOnlySpan<double> x, ReadOnlySpan<double> weights)
    {
        ShapeGuard.Require(x.Length, InputLength, nameof(x), "(C,H,W)");
        ShapeGuard.Require(weights.Length, WeightLength, nameof(weights), "(K,C,5,5)");
    }

    private int WeightIndex(int k, int c, int ky, int kx) => ((k * InChannels + c) * KernelSize + ky) * KernelSize + kx;

    private int InputIndex(int c, int iy, int ix) => (c * InputHeight + iy) * InputWidth + ix;
}
