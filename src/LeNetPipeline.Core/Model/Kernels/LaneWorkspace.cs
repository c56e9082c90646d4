// The activations and gradients of one group of 16 samples in the lane layout: every tensor element is a
// "pixel" of 16 floats, lane s holding sample s, so one vector carries the same element for many samples.
// Invariant: one pinned, 64-byte aligned block allocated once, so every pixel load is a single aligned line.
using System.Runtime.CompilerServices;

namespace LeNetPipeline.Model.Kernels;

internal sealed unsafe class LaneWorkspace
{
    public const int Lanes = 16;
    public const int InputSide = 32;

    /// <summary>Rows of the per-lane convolution gradient sums: c1_kernel, c1_bias, c3_kernel, c3_bias, in buffer order.</summary>
    public const int ConvolutionGradientRows = 150 + 6 + 2400 + 16;

    /// <summary>Row stride (floats) of the sample-major copies of the dense layers' inputs.</summary>
    public const int TransposedStride = 400;

    private const int Pixels =
        InputSide * InputSide + 6 * 28 * 28 + 6 * 14 * 14 + 16 * 10 * 10 + 16 * 5 * 5 + 120 + 84 // forward, without the logits
        + 84 + 120 + 400 + 16 * 10 * 10 + 6 * 14 * 14 // backward
        + ConvolutionGradientRows + 150 + 6 * 28 // sums, C3's reordered kernel, C1's gradient row
        + 3; // labels, losses, predictions
    // Pinned (never moves), so the pointers below stay valid for the life of this object, which owns the array.
    private readonly float[] _storage;

    /// <param name="classes">The output layer's width: the logits and their gradient take that many pixels each.</param>
    public LaneWorkspace(int classes)
    {
        Classes = classes;
        int floats = (Pixels + 2 * classes) * Lanes + 3 * Lanes * TransposedStride;
        _storage = GC.AllocateArray<float>(floats + Lanes, pinned: true);
        // Every region is a whole number of 64-byte pixels, so aligning the start aligns them all.
        float* next = (float*)(((nint)Unsafe.AsPointer(ref _storage[0]) + 63) & ~(nint)63);
        Input = Take(ref next, InputSide * InputSide);
        C1 = Take(ref next, 6 * 28 * 28);
        S2 = Take(ref next, 6 * 14 * 14);
        C3 = Take(ref next, 16 * 10 * 10);
        S4 = Take(ref next, 16 * 5 * 5);
        C5 = Take(ref next, 120);
        F6 = Take(ref next, 84);
        Logits = Take(ref next, classes);
        OutputGradient = Take(ref next, classes);
        F6Gradient = Take(ref next, 84);
        C5Gradient = Take(ref next, 120);
        S4Gradient = Take(ref next, 400);
        C3Gradient = Take(ref next, 16 * 10 * 10);
        S2Gradient = Take(ref next, 6 * 14 * 14);
        ConvolutionSums = Take(ref next, ConvolutionGradientRows);
        C3KernelTransposed = Take(ref next, 150);
        C1GradientRow = Take(ref next, 6 * 28);
        Labels = Take(ref next, 1);
        Losses = Take(ref next, 1);
        Predictions = Take(ref next, 1);
        S4Transposed = Take(ref next, TransposedStride);
        C5Transposed = Take(ref next, TransposedStride);
        F6Transposed = Take(ref next, TransposedStride);
    }

    /// <summary>The number of classes: pixels in <see cref="Logits"/> and <see cref="OutputGradient"/>.</summary>
    public int Classes { get; }

    /// <summary>The 28x28 images zero-padded to 32x32 (C1's padding of 2), pixel (y, x) at (y*32 + x)*16.</summary>
    public float* Input { get; }

    /// <summary>C1's pre-activations, then (after the tanh-pool pass) its activations; 6x28x28.</summary>
    public float* C1 { get; }
    public float* S2 { get; }

    /// <summary>C3's pre-activations, then its activations; 16x10x10.</summary>
    public float* C3 { get; }
    public float* S4 { get; }
    public float* C5 { get; }
    public float* F6 { get; }
    public float* Logits { get; }

    /// <summary>dL/dlogits; then F6's, C5's pre-activation gradients and dL/dS4, dL/dC3 pre-activation, dL/dS2.</summary>
    public float* OutputGradient { get; }
    public float* F6Gradient { get; }
    public float* C5Gradient { get; }
    public float* S4Gradient { get; }
    public float* C3Gradient { get; }
    public float* S2Gradient { get; }

    /// <summary>Per-lane sums of the convolution gradients, rows in gradient-buffer order (see ConvolutionGradientRows).</summary>
    public float* ConvolutionSums { get; }
    public float* C3KernelTransposed { get; }
    public float* C1GradientRow { get; }

    /// <summary>One pixel each: the samples' labels (as floats, 0 in inactive lanes), losses and predictions.</summary>
    public float* Labels { get; }
    public float* Losses { get; }
    public float* Predictions { get; }

    /// <summary>Sample-major copies ([16][TransposedStride]) of the dense layers' inputs S4, C5 and F6.</summary>
    public float* S4Transposed { get; }
    public float* C5Transposed { get; }
    public float* F6Transposed { get; }

    private static float* Take(ref float* next, int pixels)
    {
        float* region = next;
        next += pixels * Lanes;
        return region;
    }
}
