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
