// One image of the user's data made into a training sample (28x28 bytes, light on dark) under Data:Preprocess.
// The same preparation predict applies (Images.DigitImagePreparer), so a model sees its training images and the
// images it is asked about prepared alike.
using LeNetPipeline.Images;
using LeNetPipeline.Model;

namespace LeNetPipeline.Data;

internal static class SamplePreparation
{
    /// <summary>The 28x28 sample, or null (with the reason) for an image with nothing on it, which is skipped.</summary>
    /// <exception cref="InvalidInputException">With Preprocess=none, an image that is not 28x28.</exception>
    public static byte[]? Prepare(string name, GreyImage image, ImagePreprocessing mode, out string? skipped)
    {
        skipped = null;
        if (mode == ImagePreprocessing.None)
        {
            if (image.Width != ParameterLayout.ImageSide || image.Height != ParameterLayout.ImageSide)
            {
                throw new InvalidInputException(
                    $"{name}: is {image.Width}x{image.Height}, but Data:Preprocess=none needs 28x28 images (Data:Preprocess=auto fits any size)");
            }
            return Array.ConvertAll(image.Pixels, v => (byte)Math.Clamp((int)MathF.Round(v, MidpointRounding.AwayFromZero), 0, 255));
        }
        PreparedImage? prepared = DigitImagePreparer.TryPrepare(image, out skipped);
        return prepared?.Pixels;
    }
}
