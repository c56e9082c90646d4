// Turns an image as stored into the image as shown, for the eight EXIF orientations a camera may record
// (SKEncodedOrigin): mirrors, 180-degree turns, and the four that swap width and height. Invariant: the result
// holds every stored pixel exactly once, so a digit photographed sideways reaches the network upright.
using SkiaSharp;

namespace LeNetPipeline.Images;

internal static class EncodedOrientation
{
    public static GreyImage Apply(GreyImage stored, SKEncodedOrigin origin)
    {
        int sw = stored.Width;
        int sh = stored.Height;
        bool swaps = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        if (origin == SKEncodedOrigin.TopLeft)
        {
            return stored;
        }
        int width = swaps ? sh : sw;
        int height = swaps ? sw : sh;
        var shown = new float[stored.Pixels.Length];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                // (sx, sy): the stored pixel shown at (x, y). "RightTop" means stored row 0 is shown as the right
                // column and stored column 0 as the top row: a photo that needs a quarter turn clockwise.
                (int sx, int sy) = origin switch
                {
                    SKEncodedOrigin.TopRight => (sw - 1 - x, y),
                    SKEncodedOrigin.BottomRight => (sw - 1 - x, sh - 1 - y),
                    SKEncodedOrigin.BottomLeft => (x, sh - 1 - y),
                    SKEncodedOrigin.LeftTop => (y, x),
                    SKEncodedOrigin.RightTop => (y, sh - 1 - x),
                    SKEncodedOrigin.RightBottom => (sw - 1 - y, sh - 1 - x),
                    SKEncodedOrigin.LeftBottom => (sw - 1 - y, x),
                    _ => (x, y),
                };
                shown[(y * width) + x] = stored[sx, sy];
            }
        }
        return new GreyImage(width, height, shown);
    }
}
