// The vector operations the lane kernels use, for each width this machine may accelerate: 512 bits (one vector
// = all 16 lanes of a pixel), 256 (8 lanes, a group runs as two halves) or 128 (4 lanes, four quarters).
// Invariant: every operation is element-wise, so a lane's value depends only on that lane's inputs; a kernel
// instantiated with any width gives each sample the same values as it would alone.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LeNetPipeline.Model.Kernels;

/// <summary>Static operations on TV (a Vector512/256/128 of float); kernels are generic over both.</summary>
internal unsafe interface ILaneOps<TV> where TV : unmanaged
{
    /// <summary>Floats per vector: the lanes one call of a kernel covers.</summary>
    static abstract int Count { get; }

    static abstract TV Load(float* source);

    static abstract void Store(TV value, float* target);

    static abstract TV Broadcast(float value);

    static abstract TV FusedMultiplyAdd(TV a, TV b, TV addend);

    static abstract TV Add(TV a, TV b);

    static abstract TV Subtract(TV a, TV b);

    static abstract TV Multiply(TV a, TV b);

    static abstract TV Divide(TV a, TV b);

    static abstract TV Negate(TV a);

    /// <summary>Where a &gt; b, then; elsewhere otherwise (false for NaN, as a scalar comparison).</summary>
    static abstract TV SelectGreater(TV a, TV b, TV then, TV otherwise);

    /// <summary>Where a == b, then; elsewhere otherwise.</summary>
    static abstract TV SelectEqual(TV a, TV b, TV then, TV otherwise);

    static abstract TV Exp(TV a);

    static abstract TV Log(TV a);

    /// <summary>x with its magnitude limited to limit (limit &gt; 0), keeping x's sign.</summary>
    static abstract TV ClampMagnitude(TV x, float limit);

    /// <summary>p / q to within an ulp or so.</summary>
    static abstract TV Quotient(TV p, TV q);
}

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

internal readonly unsafe struct Lanes256 : ILaneOps<Vector256<float>>
{
    public static int Count => 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(float* source) => Vector256.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, float* target) => value.Store(target);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> FusedMultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> addend) =>
        Vector256.FusedMultiplyAdd(a, b, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Divide(Vector256<float> a, Vector256<float> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Negate(Vector256<float> a) => -a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> SelectGreater(Vector256<float> a, Vector256<float> b, Vector256<float> then, Vector256<float> otherwise) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(a, b), then, otherwise);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> SelectEqual(Vector256<float> a, Vector256<float> b, Vector256<float> then, Vector256<float> otherwise) =>
        Vector256.ConditionalSelect(Vector256.Equals(a, b), then, otherwise);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> a) => Vector256.Exp(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Log(Vector256<float> a) => Vector256.Log(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ClampMagnitude(Vector256<float> x, float limit) =>
        Vector256.Min(Vector256.Max(x, Vector256.Create(-limit)), Vector256.Create(limit));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Quotient(Vector256<float> p, Vector256<float> q) => p / q;
}

internal readonly unsafe struct Lanes128 : ILaneOps<Vector128<float>>
{
    public static int Count => 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(float* source) => Vector128.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<float> value, float* target) => value.Store(target);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Broadcast(float value) => Vector128.Create(value);

    // Fused where the hardware fuses (ARM64, x64 with FMA), a multiply and an add on x64 machines without FMA,
    // where a software-fused operation would be a hundred times slower; fixed for a given machine either way.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> FusedMultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> addend) =>
        Vector128.MultiplyAddEstimate(a, b, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Divide(Vector128<float> a, Vector128<float> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Negate(Vector128<float> a) => -a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> SelectGreater(Vector128<float> a, Vector128<float> b, Vector128<float> then, Vector128<float> otherwise) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(a, b), then, otherwise);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> SelectEqual(Vector128<float> a, Vector128<float> b, Vector128<float> then, Vector128<float> otherwise) =>
        Vector128.ConditionalSelect(Vector128.Equals(a, b), then, otherwise);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Exp(Vector128<float> a) => Vector128.Exp(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Log(Vector128<float> a) => Vector128.Log(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ClampMagnitude(Vector128<float> x, float limit) =>
        Vector128.Min(Vector128.Max(x, Vector128.Create(-limit)), Vector128.Create(limit));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Quotient(Vector128<float> p, Vector128<float> q) => p / q;
}
