// 2x2 average pooling with stride 2 of one sample: X (C,H,W) -> Y (C,H/2,W/2); H and W must be even.
// No weights: the notebook's S2 and S4 are plain means (LeCun's trainable scale and bias are not part of it).
namespace LeNetPipeline.Model.Reference;

public sealed class AveragePoolLayer
{
    public const int Window = 2;

    public AveragePoolLayer(int channels, int inputHeight, int inputWidth)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputHeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputWidth);
        if (inputHeight % Window != 0 || inputWidth % Window != 0)
        {
            throw new ArgumentException($"a 2x2 stride-2 pool needs an even input, not {inputHeight}x{inputWidth}");
        }
        Channels = channels;
        InputHeight = inputHeight;
        InputWidth = inputWidth;
    }

    public int Channels { get; }

    public int InputHeight { get; }

    public int InputWidth { get; }

    public int OutputHeight => InputHeight / Window;

    public int OutputWidth => InputWidth / Window;

    public int InputLength => Channels * InputHeight * InputWidth;

    public int OutputLength => Channels * OutputHeight * OutputWidth;

    /// <summary>Y[c,oy,ox] = mean of X[c, 2oy..2oy+1, 2ox..2ox+1].</summary>
    public void Forward(ReadOnlySpan<double> x, Span<double> y)
    {
        ShapeGuard.Require(x.Length, InputLength, nameof(x), "(C,H,W)");
        ShapeGuard.Require(y.Length, OutputLength, nameof(y), "(C,H/2,W/2)");
        for (int c = 0; c < Channels; c++)
        {
            for (int oy = 0; oy < OutputHeight; oy++)
            {
                for (int ox = 0; ox < OutputWidth; ox++)
                {
                    int topLeft = (c * InputHeight + Window * oy) * InputWidth + Window * ox;
                    double sum = x[topLeft] + x[topLeft + 1] + x[topLeft + InputWidth] + x[topLeft + InputWidth + 1];
                    y[(c * OutputHeight + oy) * OutputWidth + ox] = sum / (Window * Window);
                }
            }
        }
    }

    /// <summary>Overwrites dX (C,H,W): each input receives a quarter of its window's dY.</summary>
    public void Backward(ReadOnlySpan<double> dY, Span<double> dX)
    {
        ShapeGuard.Require(dY.Length, OutputLength, nameof(dY), "(C,H/2,W/2)");
        ShapeGuard.Require(dX.Length, InputLength, nameof(dX), "(C,H,W)");
        for (int c = 0; c < Channels; c++)
        {
            for (int oy = 0; oy < OutputHeight; oy++)
            {
                for (int ox = 0; ox < OutputWidth; ox++)
                {
                    double share = dY[(c * OutputHeight + oy) * OutputWidth + ox] / (Window * Window);
                    int topLeft = (c * InputHeight + Window * oy) * InputWidth + Window * ox;
                    dX[topLeft] = share;
                    dX[topLeft + 1] = share;
                    dX[topLeft + InputWidth] = share;
                    dX[topLeft + InputWidth + 1] = share;
                }
            }
        }
    }
}
