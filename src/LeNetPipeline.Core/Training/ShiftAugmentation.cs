// Copies an image with a random translation (zero fill), the augmentation that lifts LeNet-5 past 99 %.
// Shifts are drawn in sample order from a stream keyed by (epoch, batch), so they are the same on resume.
using LeNetPipeline.Model;
using LeNetPipeline.Randomness;

namespace LeNetPipeline.Training;

public static class ShiftAugmentation
{
    public static void CopyShifted(ReadOnlySpan<byte> source, Span<byte> target, SeededRandom random, int maxShift)
    {
        int span = 2 * maxShift + 1;
        int dx = random.NextInt(span) - maxShift;
        int dy = random.NextInt(span) - maxShift;
        const int side = ParameterLayout.ImageSide;
        target[..ParameterLayout.ImagePixels].Clear();
        for (int y = 0; y < side; y++)
        {
            int sourceY = y - dy;
            if ((uint)sourceY >= side)
            {
                continue;
            }
            int x0 = Math.Max(0, dx);
            int x1 = Math.Min(side, side + dx);
            source.Slice(sourceY * side + x0 - dx, x1 - x0).CopyTo(target.Slice(y * side + x0, x1 - x0));
        }
    }
}
