// What loading does to each image before training (Data:Preprocess).
namespace LeNetPipeline.Data;

public enum ImagePreprocessing
{
    /// <summary>
    /// predict's preparation (Images.DigitImagePreparer): grey, inverted when dark on light, and an image that is not
    /// 28x28 fitted into MNIST's 20x20 box centred by mass in 28x28. A 28x28 light-on-dark image is used as it is.
    /// </summary>
    Auto,

    /// <summary>Pixels used as they are: every image must already be 28x28 (grey levels, light on dark).</summary>
    None,
}
