// Element-wise tanh, the activation of C1, C3 and C5: Y = tanh(X), any shape.
// Backward takes Y rather than X because tanh' = 1 - tanh², so nothing but the output needs keeping.
namespace LeNetPipeline.Model.Reference;

public static class TanhActivation
{
    public static void Forward(ReadOnlySpan<double> x, Span<double> y)
    {
        ShapeGuard.Require(y.Length, x.Length, nameof(y), "the shape of X");
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = Math.Tanh(x[i]);
        }
    }

    /// <summary>Overwrites dX with dY * (1 - Y²).</summary>
    public static void Backward(ReadOnlySpan<double> y, ReadOnlySpan<double> dY, Span<double> dX)
    {
        ShapeGuard.Require(dY.Length, y.Length, nameof(dY), "the shape of Y");
        ShapeGuard.Require(dX.Length, y.Length, nameof(dX), "the shape of Y");
        for (int i = 0; i < y.Length; i++)
        {
            dX[i] = dY[i] * (1.0 - y[i] * y[i]);
        }
    }
}
