// Turns up to 16 MNIST images (bytes, 28x28 each) into the lane layout, zero-padded to 32x32 for C1.
// Invariant: pixel = byte/255 correctly rounded; lanes at and beyond count are zero whatever the previous group
// left there, so inactive lanes compute on blank images and stay finite; the padding is never written.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LeNetPipeline.Model.Kernels;

internal static unsafe class InputLanesKernel
{
    private const int Side = ParameterLayout.ImageSide;
    private const int Pixels = ParameterLayout.ImagePixels;
    private const int Pad = 2;
    private const int L = LaneWorkspace.Lanes;

    public static void Load(byte* images, int count, float* input)
    {
        if (!Avx512F.IsSupported)
        {
            for (int p = 0; p < Pixels; p++)
            {
                float* pixel = PaddedPixel(input, p);
                for (int s = 0; s < L; s++)
                {
                    pixel[s] = s < count ? images[s * Pixels + p] / 255f : 0f;
                }
            }
            return;
        }
        // 16 pixels of 16 images at a time: widen and scale each image's 16 bytes, then transpose so that each
        // vector holds one pixel of all 16 images. 784 = 49 x 16.
        for (int p = 0; p < Pixels; p += 16)
        {
            byte* source = images + p;
            Vector512<float> r0 = Row(source, 0, count), r1 = Row(source, 1, count), r2 = Row(source, 2, count), r3 = Row(source, 3, count);
            Vector512<float> r4 = Row(source, 4, count), r5 = Row(source, 5, count), r6 = Row(source, 6, count), r7 = Row(source, 7, count);
            Vector512<float> r8 = Row(source, 8, count), r9 = Row(source, 9, count), r10 = Row(source, 10, count), r11 = Row(source, 11, count);
            Vector512<float> r12 = Row(source, 12, count), r13 = Row(source, 13, count), r14 = Row(source, 14, count), r15 = Row(source, 15, count);
            LaneTranspose.Transpose16(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7, ref r8, ref r9, ref r10, ref r11, ref r12, ref r13, ref r14, ref r15);
            r0.Store(PaddedPixel(input, p));
            r1.Store(PaddedPixel(input, p + 1));
            r2.Store(PaddedPixel(input, p + 2));
            r3.Store(PaddedPixel(input, p + 3));
            r4.Store(PaddedPixel(input, p + 4));
            r5.Store(PaddedPixel(input, p + 5));
            r6.Store(PaddedPixel(input, p + 6));
            r7.Store(PaddedPixel(input, p + 7));
            r8.Store(PaddedPixel(input, p + 8));
            r9.Store(PaddedPixel(input, p + 9));
            r10.Store(PaddedPixel(input, p + 10));
            r11.Store(PaddedPixel(input, p + 11));
            r12.Store(PaddedPixel(input, p + 12));
            r13.Store(PaddedPixel(input, p + 13));
            r14.Store(PaddedPixel(input, p + 14));
            r15.Store(PaddedPixel(input, p + 15));
        }
    }

    /// <summary>
    /// byte/255 for 16 bytes, correctly rounded like the scalar division b / 255f (verified for all 256 bytes)
    /// but with a multiply and two FMAs instead of a slow vector division: q = b/255 rounded, plus its residual.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> UnitScale(Vector512<float> bytes)
    {
        Vector512<float> reciprocal = Vector512.Create(1f / 255f);
        Vector512<float> q = bytes * reciprocal;
        Vector512<float> residual = Vector512.FusedMultiplyAdd(-q, Vector512.Create(255f), bytes);
        return Vector512.FusedMultiplyAdd(residual, reciprocal, q);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Row(byte* source, int s, int count) =>
        s < count
            ? UnitScale(Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.Load(source + s * Pixels))))
            : Vector512<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float* PaddedPixel(float* input, int p) =>
        input + ((p / Side + Pad) * LaneWorkspace.InputSide + p % Side + Pad) * L;
}
