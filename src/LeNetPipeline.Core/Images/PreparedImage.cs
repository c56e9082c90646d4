// The network's input made from one image, and what was done to get it (for the log of predict).
namespace LeNetPipeline.Images;

/// <param name="Pixels">28x28 bytes, light on dark.</param>
/// <param name="Inverted">The image was dark on light and was inverted.</param>
/// <param name="Normalised">The image was not 28x28 and was fitted into MNIST's 20x20 box, centred by mass.</param>
public sealed record PreparedImage(byte[] Pixels, bool Inverted, bool Normalised);
