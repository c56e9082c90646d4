// The element-wise pieces of the lane kernel: the rational tanh's accuracy and range, the sigmoid, and the
// exact byte/255 input scaling.
using System.Runtime.Intrinsics;
using LeNetPipeline.Model.Kernels;

namespace LeNetPipeline.Tests.Kernels;

public class LaneMathTests
{
    [Fact]
    public void Tanh_is_within_3_3e_7_of_the_true_tanh_and_never_beyond_one()
    {
        // Every 2^-12 from -20 to 20 (327,680 points): the core interval, the clamp at 7.9 and saturation.
        float[] z = new float[16];
        double worst = 0;
        for (int k = -20 * 4096; k < 20 * 4096; k += 16)
        {
            for (int lane = 0; lane < 16; lane++)
            {
                z[lane] = (k + lane) / 4096f;
            }
            Vector512<float> t = LaneMath<Vector512<float>, Lanes512>.Tanh(Vector512.Create(z));
            for (int lane = 0; lane < 16; lane++)
            {
                worst = Math.Max(worst, Math.Abs(t[lane] - Math.Tanh(z[lane])));
                Assert.InRange(t[lane], -1f, 1f);
            }
        }
        Assert.True(worst <= 3.3e-7, $"worst error {worst:E3}");
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(1e-30f)]
    [InlineData(1e-5f)]
    [InlineData(0.3f)]
    [InlineData(7.9f)]
    [InlineData(1e4f)]
    [InlineData(float.MaxValue)]
    public void Tanh_is_odd_and_finite(float z)
    {
        float positive = LaneMath<Vector512<float>, Lanes512>.Tanh(Vector512.Create(z))[0];
        float negative = LaneMath<Vector512<float>, Lanes512>.Tanh(Vector512.Create(-z))[0];
        Assert.True(float.IsFinite(positive));
        Assert.Equal(-positive, negative);
    }

    [Fact]
    public void Sigmoid_is_within_2e_7_of_the_logistic_function()
    {
        for (float z = -30f; z <= 30f; z += 0.001f)
        {
            Assert.True(Math.Abs(LaneMath<Vector512<float>, Lanes512>.Sigmoid(Vector512.Create(z))[0] - 1 / (1 + Math.Exp(-z))) <= 2e-7, $"at {z}");
        }
    }

    [Fact]
    public void UnitScale_gives_exactly_byte_over_255_for_every_byte()
    {
        for (int b = 0; b < 256; b++)
        {
            Assert.Equal(b / 255f, InputLanesKernel.UnitScale(Vector512.Create((float)b))[0]);
        }
    }
}
