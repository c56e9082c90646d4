// Moves values between the lane layout ([element][16 samples]) and sample-major rows ([sample][element]), and
// turns per-lane gradient sums into a group sum or one sample's gradient.
// Invariant: a group sum is acc = lane 0; acc += lane 1; ... up to count-1, never touching inactive lanes; the
// vector and scalar paths do the same additions in the same order, so they give the same bits.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LeNetPipeline.Model.Kernels;

internal static unsafe class LaneTranspose
{
    private const int L = LaneWorkspace.Lanes;

    /// <summary>rows[s * stride + e] = lanes[e * 16 + s] for every element e (at least 16 of them) and all 16 lanes.</summary>
    public static void ToSampleMajor(float* lanes, int elements, float* rows, int stride)
    {
        if (!Avx512F.IsSupported)
        {
            for (int e = 0; e < elements; e++)
            {
                for (int s = 0; s < L; s++)
                {
                    rows[s * stride + e] = lanes[e * L + s];
                }
            }
            return;
        }
        // Blocks of 16 elements; a last partial block overlaps the previous one and rewrites the same values.
        for (int e = 0; ; e += 16)
        {
            e = Math.Min(e, elements - 16);
            float* block = lanes + e * L;
            Vector512<float> r0 = Vector512.Load(block), r1 = Vector512.Load(block + L), r2 = Vector512.Load(block + 2 * L), r3 = Vector512.Load(block + 3 * L);
            Vector512<float> r4 = Vector512.Load(block + 4 * L), r5 = Vector512.Load(block + 5 * L), r6 = Vector512.Load(block + 6 * L), r7 = Vector512.Load(block + 7 * L);
            Vector512<float> r8 = Vector512.Load(block + 8 * L), r9 = Vector512.Load(block + 9 * L), r10 = Vector512.Load(block + 10 * L), r11 = Vector512.Load(block + 11 * L);
            Vector512<float> r12 = Vector512.Load(block + 12 * L), r13 = Vector512.Load(block + 13 * L), r14 = Vector512.Load(block + 14 * L), r15 = Vector512.Load(block + 15 * L);
            Transpose16(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7, ref r8, ref r9, ref r10, ref r11, ref r12, ref r13, ref r14, ref r15);
            float* target = rows + e;
            r0.Store(target);
            r1.Store(target + stride);
            r2.Store(target + 2 * stride);
            r3.Store(target + 3 * stride);
            r4.Store(target + 4 * stride);
            r5.Store(target + 5 * stride);
            r6.Store(target + 6 * stride);
            r7.Store(target + 7 * stride);
            r8.Store(target + 8 * stride);
            r9.Store(target + 9 * stride);
            r10.Store(target + 10 * stride);
            r11.Store(target + 11 * stride);
            r12.Store(target + 12 * stride);
            r13.Store(target + 13 * stride);
            r14.Store(target + 14 * stride);
            r15.Store(target + 15 * stride);
            if (e == elements - 16)
            {
                break;
            }
        }
    }

    /// <summary>target[r] = ((lane_0 + lane_1) + ...) + lane_{count-1} of row r, for every row (at least 16).</summary>
    public static void SumLanes(float* sums, int rows, int count, float* target)
    {
        if (!Avx512F.IsSupported)
        {
            for (int r = 0; r < rows; r++)
            {
                float* row = sums + r * L;
                float acc = row[0];
                for (int s = 1; s < count; s++)
                {
                    acc += row[s];
                }
                target[r] = acc;
            }
            return;
        }
        // Sixteen rows at a time, transposed so that vector s holds lane s of each: the sequential sum over lanes
        // becomes count-1 vector additions, with no horizontal sum.
        for (int r = 0; ; r += 16)
        {
            r = Math.Min(r, rows - 16);
            float* block = sums + r * L;
            Vector512<float> r0 = Vector512.Load(block), r1 = Vector512.Load(block + L), r2 = Vector512.Load(block + 2 * L), r3 = Vector512.Load(block + 3 * L);
            Vector512<float> r4 = Vector512.Load(block + 4 * L), r5 = Vector512.Load(block + 5 * L), r6 = Vector512.Load(block + 6 * L), r7 = Vector512.Load(block + 7 * L);
            Vector512<float> r8 = Vector512.Load(block + 8 * L), r9 = Vector512.Load(block + 9 * L), r10 = Vector512.Load(block + 10 * L), r11 = Vector512.Load(block + 11 * L);
            Vector512<float> r12 = Vector512.Load(block + 12 * L), r13 = Vector512.Load(block + 13 * L), r14 = Vector512.Load(block + 14 * L), r15 = Vector512.Load(block + 15 * L);
            Transpose16(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7, ref r8, ref r9, ref r10, ref r11, ref r12, ref r13, ref r14, ref r15);
            // count is the same for every block, so these branches are always predicted.
            Vector512<float> acc = r0;
            acc = count > 1 ? acc + r1 : acc;
            acc = count > 2 ? acc + r2 : acc;
            acc = count > 3 ? acc + r3 : acc;
            acc = count > 4 ? acc + r4 : acc;
            acc = count > 5 ? acc + r5 : acc;
            acc = count > 6 ? acc + r6 : acc;
            acc = count > 7 ? acc + r7 : acc;
            acc = count > 8 ? acc + r8 : acc;
            acc = count > 9 ? acc + r9 : acc;
            acc = count > 10 ? acc + r10 : acc;
            acc = count > 11 ? acc + r11 : acc;
            acc = count > 12 ? acc + r12 : acc;
            acc = count > 13 ? acc + r13 : acc;
            acc = count > 14 ? acc + r14 : acc;
            acc = count > 15 ? acc + r15 : acc;
            acc.Store(target + r);
            if (r == rows - 16)
            {
                break;
            }
        }
    }

    /// <summary>target[r] = lane s of row r, for every row.</summary>
    public static void CopyLane(float* sums, int rows, int s, float* target)
    {
        for (int r = 0; r < rows; r++)
        {
            target[r] = sums[r * L + s];
        }
    }

    /// <summary>
    /// Transposes a 16x16 block held in 16 vectors (row i in ri) in registers: afterwards ri holds column i.
    /// Two rounds of in-lane unpacks, then two of 128-bit lane shuffles; 64 shuffles in all.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transpose16(
        ref Vector512<float> r0, ref Vector512<float> r1, ref Vector512<float> r2, ref Vector512<float> r3,
        ref Vector512<float> r4, ref Vector512<float> r5, ref Vector512<float> r6, ref Vector512<float> r7,
        ref Vector512<float> r8, ref Vector512<float> r9, ref Vector512<float> r10, ref Vector512<float> r11,
        ref Vector512<float> r12, ref Vector512<float> r13, ref Vector512<float> r14, ref Vector512<float> r15)
    {
        // Within each 128-bit lane: pairs, then quads of rows.
        Quad(ref r0, ref r1, ref r2, ref r3);
        Quad(ref r4, ref r5, ref r6, ref r7);
        Quad(ref r8, ref r9, ref r10, ref r11);
        Quad(ref r12, ref r13, ref r14, ref r15);
        // Now r(4g+k) holds, in 128-bit lane m, column 4m+k of rows 4g..4g+3. Gather the lanes of each column.
        Lanes(ref r0, ref r4, ref r8, ref r12);
        Lanes(ref r1, ref r5, ref r9, ref r13);
        Lanes(ref r2, ref r6, ref r10, ref r14);
        Lanes(ref r3, ref r7, ref r11, ref r15);
        // Lanes(k) left columns k, k+8, k+4, k+12 in r(k), r(k+4), r(k+8), r(k+12): swap the middle two.
        (r4, r8) = (r8, r4);
        (r5, r9) = (r9, r5);
        (r6, r10) = (r10, r6);
        (r7, r11) = (r11, r7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Quad(ref Vector512<float> a, ref Vector512<float> b, ref Vector512<float> c, ref Vector512<float> d)
    {
        Vector512<float> ab0 = Avx512F.UnpackLow(a, b), ab1 = Avx512F.UnpackHigh(a, b);
        Vector512<float> cd0 = Avx512F.UnpackLow(c, d), cd1 = Avx512F.UnpackHigh(c, d);
        a = Avx512F.UnpackLow(ab0.AsDouble(), cd0.AsDouble()).AsSingle();
        b = Avx512F.UnpackHigh(ab0.AsDouble(), cd0.AsDouble()).AsSingle();
        c = Avx512F.UnpackLow(ab1.AsDouble(), cd1.AsDouble()).AsSingle();
        d = Avx512F.UnpackHigh(ab1.AsDouble(), cd1.AsDouble()).AsSingle();
    }

    // a, b, c, d: the same in-lane column k of row groups 0..3. Afterwards: a = column k, b = column k + 8,
    // c = column k + 4, d = column k + 12.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Lanes(ref Vector512<float> a, ref Vector512<float> b, ref Vector512<float> c, ref Vector512<float> d)
    {
        Vector512<float> ab02 = Avx512F.Shuffle4x128(a, b, 0x88), ab13 = Avx512F.Shuffle4x128(a, b, 0xDD);
        Vector512<float> cd02 = Avx512F.Shuffle4x128(c, d, 0x88), cd13 = Avx512F.Shuffle4x128(c, d, 0xDD);
        a = Avx512F.Shuffle4x128(ab02, cd02, 0x88);
        b = Avx512F.Shuffle4x128(ab02, cd02, 0xDD);
        c = Avx512F.Shuffle4x128(ab13, cd13, 0x88);
        d = Avx512F.Shuffle4x128(ab13, cd13, 0xDD);
    }
}
