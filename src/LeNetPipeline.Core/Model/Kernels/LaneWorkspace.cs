// The activations and gradients of one group of 16 samples in the lane layout: every tensor element is a
// "pixel" of 16 floats, lane s holding sample s, so one Vector512 carries the same element for the whole group.
// Invariant: one pinned, 64-byte aligned block allocated once, so every pixel load is a single aligned line.
using System.Runtime.CompilerServices;

namespace LeNetPipeline.Model.Kernels;

internal sealed unsafe class LaneWorkspace
{
    public const int Lanes = 16;
    public const int InputSide = 32;

    // Pinned (never moves) so the pointers below stay valid for the life of this object, which owns the array.
    private readonly float[] _storage;
    private int _used;

    public LaneWorkspace()
    {
        int[] pixelCounts =
        [
            InputSide * InputSide, 6 * 28 * 28, 6 * 14 * 14, 16 * 10 * 10, 16 * 5 * 5, 120, 84, 10, // forward
            10, 84, 120, 400, 16 * 10 * 10, 6 * 14 * 14, // backward
            ConvolutionGradientRows, // per-lane convolution gradient sums
        ];
        int floats = pixelCounts.Sum() * Lanes + Lanes * (TransposedStride * 3) + 6 * 25 * Lanes + 150 * Lanes + 64;
        _storage = GC.AllocateArray<float>(floats, pinned: true);
        float* start = (float*)Unsafe.AsPointer(ref _storage[0]);
        Base = (float*)(((nint)start + 63) & ~(nint)63);

        Input = Take(InputSide * InputSide);
        C1 = Take(6 * 28 * 28);
        S2 = Take(6 * 14 * 14);
        C3 = Take(16 * 10 * 10);
        S4 = Take(16 * 5 * 5);
        C5 = Take(120);
        F6 = Take(84);
        Logits = Take(10);
        OutputGradient = Take(10);
        F6Gradient = Take(84);
        C5Gradient = Take(120);
        S4Gradient = Take(400);
        C3Gradient = Take(16 * 10 * 10);
        S2Gradient = Take(6 * 14 * 14);
        ConvolutionSums = Take(ConvolutionGradientRows);
        S4Transposed = TakeFloats(Lanes * TransposedStride);
        C5Transposed = TakeFloats(Lanes * TransposedStride);
        F6Transposed = TakeFloats(Lanes * TransposedStride);
        C3KernelTransposed = TakeFloats(150 * Lanes);
    }

    /// <summary>Rows of the per-lane convolution gradient sums: c1_kernel, c1_bias, c3_kernel, c3_bias, in buffer order.</summary>
    public const int ConvolutionGradientRows = 150 + 6 + 2400 + 16;

    /// <summary>Row stride (floats) of the sample-major copies of the dense layers' inputs.</summary>
    public const int TransposedStride = 400;

    private float* Base { get; }

    /// <summary>The 28x28 images zero-padded to 32x32 (C1's padding of 2), pixel (y, x) at (y*32 + x)*16.</summary>
    public float* Input { get; }
    public float* C1 { get; }
    public float* S2 { get; }
    public float* C3 { get; }
    public float* S4 { get; }
    public float* C5 { get; }
    public float* F6 { get; }
    public float* Logits { get; }
    public float* OutputGradient { get; }
    public float* F6Gradient { get; }
    public float* C5Gradient { get; }
    public float* S4Gradient { get; }
    public float* C3Gradient { get; }
    public float* S2Gradient { get; }
    public float* ConvolutionSums { get; }
    public float* S4Transposed { get; }
    public float* C5Transposed { get; }
    public float* F6Transposed { get; }
    public float* C3KernelTransposed { get; }

    private float* Take(int pixels) => TakeFloats(pixels * Lanes);

    private float* TakeFloats(int floats)
    {
        float* pointer = Base + _used;
        _used += (floats + 15) & ~15;
        if ((nint)(pointer + floats) > (nint)((float*)Unsafe.AsPointer(ref _storage[0]) + _storage.Length))
        {
            throw new InvalidOperationException("lane workspace overflow");
        }
        return pointer;
    }
}
