// The element-wise pieces of the lane kernel, at every vector width a machine may use: the rational tanh's
// accuracy and range, the sigmoid, and the exact byte/255 input scaling.
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using LeNetPipeline.Model.Kernels;

namespace LeNetPipeline.Tests.Kernels;

public unsafe class LaneMathTests
{
    public static TheoryData<int> Widths => [512, 256, 128];

    [Theory]
    [MemberData(nameof(Widths))]
    public void Tanh_is_within_3_3e_7_of_the_true_tanh_and_never_beyond_one(int width)
    {
        // 2.7e-7 measured with fused multiply-adds; an x64 machine without FMA runs the 128-bit path with a
        // multiply and an add, two roundings per step, and reaches 3.7e-7.
        double bound = width == 128 && !Fma.IsSupported && !AdvSimd.IsSupported ? 4e-7 : 3.3e-7;
        // Every 2^-12 from -20 to 20 (327,680 points): the core interval, the clamp at 7.9 and saturation.
        float[] z = new float[327_680];
        for (int k = 0; k < z.Length; k++)
        {
            z[k] = (k - z.Length / 2) / 4096f;
        }
        float[] t = Apply(width, z, Function.Tanh);
        double worst = 0;
        for (int k = 0; k < z.Length; k++)
        {
            worst = Math.Max(worst, Math.Abs(t[k] - Math.Tanh(z[k])));
            Assert.InRange(t[k], -1f, 1f);
        }
        Assert.True(worst <= bound, $"worst error {worst:E3}");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Tanh_is_odd_and_finite_far_out(int width)
    {
        float[] z = [0f, 1e-30f, 1e-5f, 0.3f, 7.9f, 1e4f, float.MaxValue, float.Epsilon, 3f, 5.5f, 9f, 20f, 100f, 1e20f, 2e-38f, 0.01f];
        float[] positive = Apply(width, z, Function.Tanh);
        float[] negative = Apply(width, Array.ConvertAll(z, v => -v), Function.Tanh);
        for (int k = 0; k < z.Length; k++)
        {
            Assert.True(float.IsFinite(positive[k]), $"tanh({z[k]})");
            Assert.Equal(-positive[k], negative[k]);
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Sigmoid_is_within_2e_7_of_the_logistic_function(int width)
    {
        float[] z = new float[60_000];
        for (int k = 0; k < z.Length; k++)
        {
            z[k] = (k - 30_000) / 1000f;
        }
        float[] sigmoid = Apply(width, z, Function.Sigmoid);
        for (int k = 0; k < z.Length; k++)
        {
            Assert.True(Math.Abs(sigmoid[k] - 1 / (1 + Math.Exp(-z[k]))) <= 2e-7, $"at {z[k]}");
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

    private enum Function
    {
        Tanh,
        Sigmoid,
    }

    private static float[] Apply(int width, float[] z, Function function) => width switch
    {
        512 => Apply<Vector512<float>, Lanes512>(z, function),
        256 => Apply<Vector256<float>, Lanes256>(z, function),
        _ => Apply<Vector128<float>, Lanes128>(z, function),
    };

    private static float[] Apply<TV, TO>(float[] z, Function function)
        where TV : unmanaged
        where TO : ILaneOps<TV>
    {
        float[] result = new float[z.Length];
        fixed (float* source = z, target = result)
        {
            for (int k = 0; k + TO.Count <= z.Length; k += TO.Count)
            {
                TV v = TO.Load(source + k);
                TO.Store(function == Function.Tanh ? LaneMath<TV, TO>.Tanh(v) : LaneMath<TV, TO>.Sigmoid(v), target + k);
            }
        }
        return result;
    }
}
