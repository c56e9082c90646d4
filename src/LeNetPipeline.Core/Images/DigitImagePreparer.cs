// Turns a grey image into the network's input: 28x28 bytes, a light digit on a dark background, as in MNIST.
// Polarity: the median of the outermost ring of pixels is the background; above half brightness it is paper, and the
// image is inverted. Size: a 28x28 image is taken as already prepared and used pixel for pixel (so a digit saved
// from MNIST is classified exactly as in the data set); any other size is normalised the way MNIST was made: levels
// stretched from the background (0) to the brightest pixel (255), the bounding box of the ink (pixels at least half
// as bright) scaled to fit 20x20 keeping its aspect ratio (area averaging), and placed in the 28x28 field with its
// centre of mass at the centre. Invariant: deterministic, and a refused image says why.
namespace LeNetPipeline.Images;

public static class DigitImagePreparer
{
    public const int Field = Model.ParameterLayout.ImageSide;
    public const int Box = 20;

    /// <summary>Fewer grey levels than this between background and the brightest pixel: nothing to recognise.</summary>
    public const float MinimumContrast = 32f;

    private const float HalfBright = 127.5f;

    /// <exception cref="InvalidInputException">The image is almost uniform: there is nothing to recognise.</exception>
    public static PreparedImage Prepare(string path, GreyImage image) =>
        TryPrepare(image, out string? problem) ?? throw new InvalidInputException($"{path}: {problem}");

    /// <summary>As <see cref="Prepare"/>, but an almost uniform image gives null and the reason instead of an exception.</summary>
    public static PreparedImage? TryPrepare(GreyImage image, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(image);
        problem = null;
        float border = BorderMedian(image);
        bool invert = border > HalfBright;
        float[] levels = invert ? Array.ConvertAll(image.Pixels, p => 255f - p) : (float[])image.Pixels.Clone();
        if (image.Width == Field && image.Height == Field)
        {
            return new PreparedImage(ToBytes(levels), invert, Normalised: false);
        }

        float background = invert ? 255f - border : border;
        float peak = levels.Max();
        if (peak - background < MinimumContrast)
        {
            problem = $"no digit found: the image is almost uniform (background {background:F0}, brightest ink {peak:F0} of 255)";
            return null;
        }
        float gain = 255f / (peak - background);
        for (int i = 0; i < levels.Length; i++)
        {
            levels[i] = Math.Clamp((levels[i] - background) * gain, 0f, 255f);
        }
        var stretched = new GreyImage(image.Width, image.Height, levels);
        (int x0, int y0, int boxWidth, int boxHeight) = InkBox(stretched);
        double scale = (double)Box / Math.Max(boxWidth, boxHeight);
        int width = Math.Clamp((int)Math.Round(boxWidth * scale), 1, Box);
        int height = Math.Clamp((int)Math.Round(boxHeight * scale), 1, Box);
        float[] patch = Resample(stretched, x0, y0, boxWidth, boxHeight, width, height);
        return new PreparedImage(Centre(patch, width, height), invert, Normalised: true);
    }

    /// <summary>The median of the image's outermost ring: robust to a stroke that touches the edge.</summary>
    private static float BorderMedian(GreyImage image)
    {
        var ring = new List<float>(2 * (image.Width + image.Height));
        for (int x = 0; x < image.Width; x++)
        {
            ring.Add(image[x, 0]);
            if (image.Height > 1)
            {
                ring.Add(image[x, image.Height - 1]);
            }
        }
        for (int y = 1; y < image.Height - 1; y++)
        {
            ring.Add(image[0, y]);
            if (image.Width > 1)
            {
                ring.Add(image[image.Width - 1, y]);
            }
        }
        ring.Sort();
        return ring.Count % 2 == 1 ? ring[ring.Count / 2] : (ring[(ring.Count / 2) - 1] + ring[ring.Count / 2]) / 2f;
    }

    private static (int X, int Y, int Width, int Height) InkBox(GreyImage image)
    {
        int left = int.MaxValue, top = int.MaxValue, right = -1, bottom = -1;
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                if (image[x, y] >= HalfBright)
                {
                    left = Math.Min(left, x);
                    right = Math.Max(right, x);
                    top = Math.Min(top, y);
                    bottom = Math.Max(bottom, y);
                }
            }
        }
        // The brightest pixel is 255 after stretching, so the box is never empty.
        return (left, top, right - left + 1, bottom - top + 1);
    }

    /// <summary>Area averaging: each target pixel is the mean of the source area it covers, partial pixels weighted.</summary>
    private static float[] Resample(GreyImage image, int x0, int y0, int sourceWidth, int sourceHeight, int width, int height)
    {
        (int First, double[] Weights)[] columns = AreaWeights(sourceWidth, width);
        (int First, double[] Weights)[] rows = AreaWeights(sourceHeight, height);
        var horizontal = new double[sourceHeight * width];
        for (int y = 0; y < sourceHeight; y++)
        {
            for (int x = 0; x < width; x++)
            {
                (int first, double[] weights) = columns[x];
                double sum = 0;
                for (int k = 0; k < weights.Length; k++)
                {
                    sum += weights[k] * image[x0 + first + k, y0 + y];
                }
                horizontal[(y * width) + x] = sum;
            }
        }
        var patch = new float[width * height];
        for (int y = 0; y < height; y++)
        {
            (int first, double[] weights) = rows[y];
            for (int x = 0; x < width; x++)
            {
                double sum = 0;
                for (int k = 0; k < weights.Length; k++)
                {
                    sum += weights[k] * horizontal[((first + k) * width) + x];
                }
                patch[(y * width) + x] = (float)sum;
            }
        }
        return patch;
    }

    private static (int First, double[] Weights)[] AreaWeights(int sourceLength, int targetLength)
    {
        double span = (double)sourceLength / targetLength;
        var result = new (int, double[])[targetLength];
        for (int i = 0; i < targetLength; i++)
        {
            double start = i * span;
            double end = Math.Min(sourceLength, (i + 1) * span);
            int first = (int)Math.Floor(start);
            int last = Math.Min(sourceLength - 1, (int)Math.Ceiling(end) - 1);
            var weights = new double[last - first + 1];
            for (int k = first; k <= last; k++)
            {
                weights[k - first] = (Math.Min(end, k + 1) - Math.Max(start, k)) / span;
            }
            result[i] = (first, weights);
        }
        return result;
    }

    /// <summary>Places the patch in the 28x28 field with its centre of mass at the field's centre (13.5, 13.5).</summary>
    private static byte[] Centre(float[] patch, int width, int height)
    {
        double mass = 0, sumX = 0, sumY = 0;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double v = patch[(y * width) + x];
                mass += v;
                sumX += v * x;
                sumY += v * y;
            }
        }
        int left = Math.Clamp((int)Math.Round(((Field - 1) / 2.0) - (sumX / mass), MidpointRounding.AwayFromZero), 0, Field - width);
        int top = Math.Clamp((int)Math.Round(((Field - 1) / 2.0) - (sumY / mass), MidpointRounding.AwayFromZero), 0, Field - height);
        var field = new float[Field * Field];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                field[((top + y) * Field) + left + x] = patch[(y * width) + x];
            }
        }
        return ToBytes(field);
    }

    private static byte[] ToBytes(float[] levels) =>
        Array.ConvertAll(levels, v => (byte)Math.Clamp((int)MathF.Round(v, MidpointRounding.AwayFromZero), 0, 255));
}
