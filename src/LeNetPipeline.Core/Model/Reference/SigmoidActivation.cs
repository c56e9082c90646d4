// Element-wise logistic sigmoid, the activation of F6: Y = 1 / (1 + e^-X), any shape.
// Computed so that e^x never overflows for large |x|; backward uses Y because sigmoid' = Y (1 - Y).
namespace LeNetPipeline.Model.Reference;

public static class SigmoidActivation
{
    public static void Forward(ReadOnlySpan<double> x, Span<double> y)
    {
        ShapeGuard.Require(y.Length, x.Length, nameof(y), "the shape of X");
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = Sigmoid(x[i]);
        }
    }

    /// <summary>Overwrites dX with dY * Y * (1 - Y).</summary>
    public static void Backward(ReadOnlySpan<double> y, ReadOnlySpan<double> dY, Span<double> dX)
    {
        ShapeGuard.Require(dY.Length, y.Length, nameof(dY), "the shape of Y");
        ShapeGuard.Require(dX.Length, y.Length, nameof(dX), "the shape of Y");
        for (int i = 0; i < y.Length; i++)
        {
            dX[i] = dY[i] * y[i] * (1.0 - y[i]);
        }
    }

    // Exponentiating only a non-positive number keeps e^t in (0, 1], so neither branch overflows.
    private static double Sigmoid(double x)
    {
        if (x >= 0)
        {
            return 1.0 / (1.0 + Math.Exp(-x));
        }
        double e = Math.Exp(x);
        return e / (1.0 + e);
    }
}
