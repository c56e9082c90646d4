// A dense layer y = W x + b in the lane layout (C5 seen as 400 -> 120, F6 120 -> 84, out 84 -> 10), and its
// input gradient dx = W^T dy. Weight gradients are per-sample products, in DenseWeightGradientKernel.
// Invariant: each output's sum runs over inputs in index order, identical in every lane.
using System.Runtime.Intrinsics;

namespace LeNetPipeline.Model.Kernels;

internal static unsafe class DenseLaneKernel
{
    private const int L = LaneWorkspace.Lanes;

    /// <summary>y[o] = b[o] + sum_i W[o][i] x[i] (pre-activation), 12 outputs at a time in registers.</summary>
    public static void Forward(float* weights, float* bias, float* x, int inputs, int outputs, float* y)
    {
        int o = 0;
        for (; o + 12 <= outputs; o += 12)
        {
            float* w = weights + (nint)o * inputs;
            nint n = inputs;
            Vector512<float> a0 = Vector512.Create(bias[o]), a1 = Vector512.Create(bias[o + 1]), a2 = Vector512.Create(bias[o + 2]);
            Vector512<float> a3 = Vector512.Create(bias[o + 3]), a4 = Vector512.Create(bias[o + 4]), a5 = Vector512.Create(bias[o + 5]);
            Vector512<float> a6 = Vector512.Create(bias[o + 6]), a7 = Vector512.Create(bias[o + 7]), a8 = Vector512.Create(bias[o + 8]);
            Vector512<float> a9 = Vector512.Create(bias[o + 9]), a10 = Vector512.Create(bias[o + 10]), a11 = Vector512.Create(bias[o + 11]);
            for (nint i = 0; i < n; i++)
            {
                Vector512<float> v = Vector512.Load(x + i * L);
                float* t = w + i;
                a0 = Vector512.FusedMultiplyAdd(Vector512.Create(t[0]), v, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.Create(t[n]), v, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.Create(t[2 * n]), v, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.Create(t[3 * n]), v, a3);
                a4 = Vector512.FusedMultiplyAdd(Vector512.Create(t[4 * n]), v, a4);
                a5 = Vector512.FusedMultiplyAdd(Vector512.Create(t[5 * n]), v, a5);
                a6 = Vector512.FusedMultiplyAdd(Vector512.Create(t[6 * n]), v, a6);
                a7 = Vector512.FusedMultiplyAdd(Vector512.Create(t[7 * n]), v, a7);
                a8 = Vector512.FusedMultiplyAdd(Vector512.Create(t[8 * n]), v, a8);
                a9 = Vector512.FusedMultiplyAdd(Vector512.Create(t[9 * n]), v, a9);
                a10 = Vector512.FusedMultiplyAdd(Vector512.Create(t[10 * n]), v, a10);
                a11 = Vector512.FusedMultiplyAdd(Vector512.Create(t[11 * n]), v, a11);
            }
            float* target = y + o * L;
            a0.Store(target);
            a1.Store(target + L);
            a2.Store(target + 2 * L);
            a3.Store(target + 3 * L);
            a4.Store(target + 4 * L);
            a5.Store(target + 5 * L);
            a6.Store(target + 6 * L);
            a7.Store(target + 7 * L);
            a8.Store(target + 8 * L);
            a9.Store(target + 9 * L);
            a10.Store(target + 10 * L);
            a11.Store(target + 11 * L);
        }
        for (; o < outputs; o++)
        {
            float* w = weights + (nint)o * inputs;
            Vector512<float> a = Vector512.Create(bias[o]);
            for (int i = 0; i < inputs; i++)
            {
                a = Vector512.FusedMultiplyAdd(Vector512.Create(w[i]), Vector512.Load(x + i * L), a);
            }
            a.Store(y + o * L);
        }
    }

    /// <summary>
    /// dx[i] = sum_o W[o][i] dy[o], over outputs in index order; inputs must be a multiple of 4. Twelve inputs at
    /// a time: their weights in row o are contiguous, so one dy pixel meets 12 broadcasts from one or two lines.
    /// </summary>
    public static void InputGradient(float* weights, float* dy, int inputs, int outputs, float* dx)
    {
        int i = 0;
        for (; i + 12 <= inputs; i += 12)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default;
            Vector512<float> a6 = default, a7 = default, a8 = default, a9 = default, a10 = default, a11 = default;
            float* w = weights + i;
            for (int o = 0; o < outputs; o++, w += inputs)
            {
                Vector512<float> g = Vector512.Load(dy + o * L);
                a0 = Vector512.FusedMultiplyAdd(Vector512.Create(w[0]), g, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.Create(w[1]), g, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.Create(w[2]), g, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.Create(w[3]), g, a3);
                a4 = Vector512.FusedMultiplyAdd(Vector512.Create(w[4]), g, a4);
                a5 = Vector512.FusedMultiplyAdd(Vector512.Create(w[5]), g, a5);
                a6 = Vector512.FusedMultiplyAdd(Vector512.Create(w[6]), g, a6);
                a7 = Vector512.FusedMultiplyAdd(Vector512.Create(w[7]), g, a7);
                a8 = Vector512.FusedMultiplyAdd(Vector512.Create(w[8]), g, a8);
                a9 = Vector512.FusedMultiplyAdd(Vector512.Create(w[9]), g, a9);
                a10 = Vector512.FusedMultiplyAdd(Vector512.Create(w[10]), g, a10);
                a11 = Vector512.FusedMultiplyAdd(Vector512.Create(w[11]), g, a11);
            }
            float* target = dx + i * L;
            a0.Store(target);
            a1.Store(target + L);
            a2.Store(target + 2 * L);
            a3.Store(target + 3 * L);
            a4.Store(target + 4 * L);
            a5.Store(target + 5 * L);
            a6.Store(target + 6 * L);
            a7.Store(target + 7 * L);
            a8.Store(target + 8 * L);
            a9.Store(target + 9 * L);
            a10.Store(target + 10 * L);
            a11.Store(target + 11 * L);
        }
        for (; i < inputs; i += 4)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            float* w = weights + i;
            for (int o = 0; o < outputs; o++, w += inputs)
            {
                Vector512<float> g = Vector512.Load(dy + o * L);
                a0 = Vector512.FusedMultiplyAdd(Vector512.Create(w[0]), g, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.Create(w[1]), g, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.Create(w[2]), g, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.Create(w[3]), g, a3);
            }
            float* target = dx + i * L;
            a0.Store(target);
            a1.Store(target + L);
            a2.Store(target + 2 * L);
            a3.Store(target + 3 * L);
        }
    }

    /// <summary>y = tanh(y) in place.</summary>
    public static void Tanh(float* y, int count)
    {
        for (int o = 0; o < count; o++)
        {
            LaneMath.Tanh(Vector512.Load(y + o * L)).Store(y + o * L);
        }
    }

    /// <summary>y = sigmoid(y) in place.</summary>
    public static void Sigmoid(float* y, int count)
    {
        for (int o = 0; o < count; o++)
        {
            LaneMath.Sigmoid(Vector512.Load(y + o * L)).Store(y + o * L);
        }
    }

    /// <summary>da -> dz through tanh, in place: da * (1 - a^2).</summary>
    public static void TanhBackward(float* activation, float* gradient, int count)
    {
        for (int o = 0; o < count; o++)
        {
            (Vector512.Load(gradient + o * L) * LaneMath.TanhDerivative(Vector512.Load(activation + o * L))).Store(gradient + o * L);
        }
    }

    /// <summary>da -> dz through the sigmoid, in place: da * (a (1 - a)).</summary>
    public static void SigmoidBackward(float* activation, float* gradient, int count)
    {
        for (int o = 0; o < count; o++)
        {
            Vector512<float> a = Vector512.Load(activation + o * L);
            (Vector512.Load(gradient + o * L) * (a * (Vector512<float>.One - a))).Store(gradient + o * L);
        }
    }
}
