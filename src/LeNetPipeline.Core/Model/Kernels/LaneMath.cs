// Element-wise activation functions on a vector of lanes (one value per sample), for any ILaneOps width.
// Invariant: every lane gets the same sequence of operations, so a sample's value never depends on its lane.
using System.Runtime.CompilerServices;

namespace LeNetPipeline.Model.Kernels;

internal static class LaneMath<TV, TO> where TV : unmanaged where TO : ILaneOps<TV>
{
    // Past this |x| the rational form reaches 1 (in float); clamping also keeps x^13 terms from overflowing.
    private const float TanhClamp = 7.90531110763549805f;

    /// <summary>
    /// tanh by a [13/6] rational approximation (Eigen's float tanh): 10 FMAs, a clamp and a quotient, within
    /// 3.3e-7 of the true tanh over all floats and never beyond ±1, against a library call per element for
    /// MathF.Tanh.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Tanh(TV z)
    {
        TV x = TO.ClampMagnitude(z, TanhClamp);
        TV x2 = TO.Multiply(x, x);
        TV p = TO.FusedMultiplyAdd(x2, TO.Broadcast(-2.76076847742355e-16f), TO.Broadcast(2.00018790482477e-13f));
        p = TO.FusedMultiplyAdd(x2, p, TO.Broadcast(-8.60467152213735e-11f));
        p = TO.FusedMultiplyAdd(x2, p, TO.Broadcast(5.12229709037114e-08f));
        p = TO.FusedMultiplyAdd(x2, p, TO.Broadcast(1.48572235717979e-05f));
        p = TO.FusedMultiplyAdd(x2, p, TO.Broadcast(6.37261928875436e-04f));
        p = TO.FusedMultiplyAdd(x2, p, TO.Broadcast(4.89352455891786e-03f));
        TV q = TO.FusedMultiplyAdd(x2, TO.Broadcast(1.19825839466702e-06f), TO.Broadcast(1.18534705686654e-04f));
        q = TO.FusedMultiplyAdd(x2, q, TO.Broadcast(2.26843463243900e-03f));
        q = TO.FusedMultiplyAdd(x2, q, TO.Broadcast(4.89352518554385e-03f));
        return TO.Quotient(TO.Multiply(p, x), q);
    }

    /// <summary>The logistic sigmoid 1/(1+e^-x); only F6's 84 pixels use it, so the library exp is cheap enough.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Sigmoid(TV z) =>
        TO.Divide(TO.Broadcast(1f), TO.Add(TO.Broadcast(1f), TO.Exp(TO.Negate(z))));

    /// <summary>1 - a^2 with one rounding: tanh's derivative from its output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV TanhDerivative(TV a) => TO.FusedMultiplyAdd(TO.Negate(a), a, TO.Broadcast(1f));
}
