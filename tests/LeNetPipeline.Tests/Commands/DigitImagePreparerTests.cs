// How an image becomes the network's 28x28 input: 28x28 images pass unchanged (inverted when they are dark on light),
// other sizes are normalised like MNIST (ink box scaled to 20 pixels, centre of mass at the centre), a uniform image
// is refused, and camera orientations turn the stored pixels upright.
using LeNetPipeline.Images;
using SkiaSharp;

namespace LeNetPipeline.Tests.Commands;

public class DigitImagePreparerTests
{
    [Fact]
    public void A_28x28_light_on_dark_image_is_used_pixel_for_pixel()
    {
        float[] pixels = Enumerable.Range(0, 784).Select(i => (float)(i % 7 == 0 ? 200 : 0)).ToArray();

        PreparedImage prepared = DigitImagePreparer.Prepare("d.png", new GreyImage(28, 28, pixels));

        Assert.False(prepared.Inverted);
        Assert.False(prepared.Normalised);
        Assert.Equal(pixels.Select(p => (byte)p), prepared.Pixels);
    }

    [Fact]
    public void A_28x28_dark_on_light_image_is_inverted()
    {
        float[] pixels = Enumerable.Range(0, 784).Select(i => (float)(i % 9 == 0 ? 30 : 250)).ToArray();

        PreparedImage prepared = DigitImagePreparer.Prepare("d.png", new GreyImage(28, 28, pixels));

        Assert.True(prepared.Inverted);
        Assert.Equal(pixels.Select(p => (byte)(255 - p)), prepared.Pixels);
    }

    [Fact]
    public void A_large_image_is_normalised_to_a_20_pixel_box_centred_by_mass()
    {
        // A 30x90 bar, off centre on 300x200 grey paper: its long side becomes 20 pixels, its width 7.
        var pixels = Enumerable.Repeat(180f, 300 * 200).ToArray();
        for (int y = 40; y < 130; y++)
        {
            for (int x = 200; x < 230; x++)
            {
                pixels[(y * 300) + x] = 20f;
            }
        }

        PreparedImage prepared = DigitImagePreparer.Prepare("bar.jpg", new GreyImage(300, 200, pixels));

        Assert.True(prepared.Inverted);
        Assert.True(prepared.Normalised);
        (int left, int top, int right, int bottom) = Box(prepared.Pixels);
        Assert.Equal(20, bottom - top + 1);
        Assert.Equal(7, right - left + 1);
        Assert.Equal(255, prepared.Pixels.Max());
        Assert.InRange((left + right) / 2.0, 12.5, 14.5);
        Assert.InRange((top + bottom) / 2.0, 12.5, 14.5);
    }

    [Fact]
    public void A_uniform_image_is_refused_as_holding_no_digit()
    {
        var error = Assert.Throws<InvalidInputException>(() =>
            DigitImagePreparer.Prepare("blank.png", new GreyImage(50, 40, Enumerable.Repeat(240f, 2000).ToArray())));

        Assert.StartsWith("blank.png: no digit found", error.Message);
    }

    [Fact]
    public void A_photo_stored_sideways_is_turned_upright()
    {
        // Stored 3 wide, 2 high: a b c / d e f. RightTop: stored row 0 is the shown right column, read downwards.
        var stored = new GreyImage(3, 2, [1, 2, 3, 4, 5, 6]);

        GreyImage shown = EncodedOrientation.Apply(stored, SKEncodedOrigin.RightTop);

        Assert.Equal((2, 3), (shown.Width, shown.Height));
        Assert.Equal(new float[] { 4, 1, 5, 2, 6, 3 }, shown.Pixels);
    }

    [Theory]
    [InlineData(SKEncodedOrigin.TopLeft, new float[] { 1, 2, 3, 4, 5, 6 })]
    [InlineData(SKEncodedOrigin.TopRight, new float[] { 3, 2, 1, 6, 5, 4 })]
    [InlineData(SKEncodedOrigin.BottomRight, new float[] { 6, 5, 4, 3, 2, 1 })]
    [InlineData(SKEncodedOrigin.BottomLeft, new float[] { 4, 5, 6, 1, 2, 3 })]
    [InlineData(SKEncodedOrigin.LeftTop, new float[] { 1, 4, 2, 5, 3, 6 })]
    [InlineData(SKEncodedOrigin.RightBottom, new float[] { 6, 3, 5, 2, 4, 1 })]
    [InlineData(SKEncodedOrigin.LeftBottom, new float[] { 3, 6, 2, 5, 1, 4 })]
    public void Every_orientation_keeps_each_pixel_once(SKEncodedOrigin origin, float[] expected)
    {
        GreyImage shown = EncodedOrientation.Apply(new GreyImage(3, 2, [1, 2, 3, 4, 5, 6]), origin);

        Assert.Equal(expected, shown.Pixels);
    }

    private static (int Left, int Top, int Right, int Bottom) Box(byte[] pixels)
    {
        var ink = Enumerable.Range(0, 784).Where(i => pixels[i] > 0).ToArray();
        return (ink.Min(i => i % 28), ink.Min(i => i / 28), ink.Max(i => i % 28), ink.Max(i => i / 28));
    }
}
