// The 512-bit lane operations: one vector holds all 16 lanes of a pixel.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LeNetPipeline.Model.Kernels;

internal readonly unsafe struct Lanes512 : ILaneOps<Vector512<float>>
{
    public static int Count => 16;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(float* source) => Vector512.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, float* target) => value.Store(target);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> FusedMultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> addend) =>
        Vector512.FusedMultiplyAdd(a, b, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Divide(Vector512<float> a, Vector512<float> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Negate(Vector512<float> a) => -a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> SelectGreater(Vector512<float> a, Vector512<float> b, Vector512<float> then, Vector512<float> otherwise) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(a, b), then, otherwise);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> SelectEqual(Vector512<float> a, Vector512<float> b, Vector512<float> then, Vector512<float> otherwise) =>
        Vector512.ConditionalSelect(Vector512.Equals(a, b), then, otherwise);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> a) => Vector512.Exp(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Log(Vector512<float> a) => Vector512.Log(a);

    // vrangeps: the smaller magnitude of x and the limit, with x's sign, in one operation.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ClampMagnitude(Vector512<float> x, float limit) =>
        Avx512DQ.IsSupported
            ? Avx512DQ.Range(x, Vector512.Create(limit), 0b0010)
            : Vector512.Min(Vector512.Max(x, Vector512.Create(-limit)), Vector512.Create(limit));

    // A 512-bit division blocks the divider for ~16 cycles; a 14-bit reciprocal estimate refined by one Newton
    // step (r' = r (2 - q r), ~28 bits) costs three pipelined operations and stays within an ulp.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Quotient(Vector512<float> p, Vector512<float> q)
    {
        if (!Avx512F.IsSupported)
        {
            return p / q;
        }
        Vector512<float> r = Avx512F.Reciprocal14(q);
        r *= Vector512.FusedMultiplyAdd(-q, r, Vector512.Create(2f));
        return p * r;
    }
}
