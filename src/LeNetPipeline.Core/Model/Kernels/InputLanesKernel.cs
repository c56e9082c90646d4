// Turns up to 16 MNIST images (bytes, 28x28 each) into the lane layout, zero-padded to 32x32 for C1.
// Invariant: lanes at and beyond count are zero, whatever the previous group left there, so inactive lanes are
// computed on blank images and stay finite; the padding border is never written and stays zero.
namespace LeNetPipeline.Model.Kernels;

internal static unsafe class InputLanesKernel
{
    private const int Side = ParameterLayout.ImageSide;
    private const int Pad = 2;

    // byte/255 correctly rounded, as the double reference computes it before rounding to float.
    private static readonly float[] UnitOfByte = Enumerable.Range(0, 256).Select(b => b / 255f).ToArray();

    public static void Load(byte* images, int count, float* input)
    {
        fixed (float* unit = UnitOfByte)
        {
            for (int y = 0; y < Side; y++)
            {
                for (int x = 0; x < Side; x++)
                {
                    float* pixel = input + ((y + Pad) * LaneWorkspace.InputSide + x + Pad) * LaneWorkspace.Lanes;
                    byte* source = images + y * Side + x;
                    int s = 0;
                    for (; s < count; s++)
                    {
                        pixel[s] = unit[source[s * ParameterLayout.ImagePixels]];
                    }
                    for (; s < LaneWorkspace.Lanes; s++)
                    {
                        pixel[s] = 0f;
                    }
                }
            }
        }
    }
}
