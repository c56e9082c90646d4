// A dense layer y = W x + b in the lane layout (C5 seen as 400 -> 120, F6 120 -> 84, out 84 -> 10), and its
// input gradient dx = W^T dy. Weight gradients are per-sample products, in DenseWeightGradientKernel.
// Invariant: each output's sum runs over inputs in index order, identical in every lane.
namespace LeNetPipeline.Model.Kernels;

internal static unsafe class DenseLaneKernel<TV, TO>
    where TV : unmanaged
    where TO : ILaneOps<TV>
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
            TV a0 = TO.Broadcast(bias[o]), a1 = TO.Broadcast(bias[o + 1]), a2 = TO.Broadcast(bias[o + 2]);
            TV a3 = TO.Broadcast(bias[o + 3]), a4 = TO.Broadcast(bias[o + 4]), a5 = TO.Broadcast(bias[o + 5]);
            TV a6 = TO.Broadcast(bias[o + 6]), a7 = TO.Broadcast(bias[o + 7]), a8 = TO.Broadcast(bias[o + 8]);
            TV a9 = TO.Broadcast(bias[o + 9]), a10 = TO.Broadcast(bias[o + 10]), a11 = TO.Broadcast(bias[o + 11]);
            for (nint i = 0; i < n; i++)
            {
                TV v = TO.Load(x + i * L);
                float* t = w + i;
                a0 = TO.FusedMultiplyAdd(TO.Broadcast(t[0]), v, a0);
                a1 = TO.FusedMultiplyAdd(TO.Broadcast(t[n]), v, a1);
                a2 = TO.FusedMultiplyAdd(TO.Broadcast(t[2 * n]), v, a2);
                a3 = TO.FusedMultiplyAdd(TO.Broadcast(t[3 * n]), v, a3);
                a4 = TO.FusedMultiplyAdd(TO.Broadcast(t[4 * n]), v, a4);
                a5 = TO.FusedMultiplyAdd(TO.Broadcast(t[5 * n]), v, a5);
                a6 = TO.FusedMultiplyAdd(TO.Broadcast(t[6 * n]), v, a6);
                a7 = TO.FusedMultiplyAdd(TO.Broadcast(t[7 * n]), v, a7);
                a8 = TO.FusedMultiplyAdd(TO.Broadcast(t[8 * n]), v, a8);
                a9 = TO.FusedMultiplyAdd(TO.Broadcast(t[9 * n]), v, a9);
                a10 = TO.FusedMultiplyAdd(TO.Broadcast(t[10 * n]), v, a10);
                a11 = TO.FusedMultiplyAdd(TO.Broadcast(t[11 * n]), v, a11);
            }
            float* target = y + o * L;
            TO.Store(a0, target);
            TO.Store(a1, target + L);
            TO.Store(a2, target + 2 * L);
            TO.Store(a3, target + 3 * L);
            TO.Store(a4, target + 4 * L);
            TO.Store(a5, target + 5 * L);
            TO.Store(a6, target + 6 * L);
            TO.Store(a7, target + 7 * L);
            TO.Store(a8, target + 8 * L);
            TO.Store(a9, target + 9 * L);
            TO.Store(a10, target + 10 * L);
            TO.Store(a11, target + 11 * L);
        }
        for (; o < outputs; o++)
        {
            float* w = weights + (nint)o * inputs;
            TV a = TO.Broadcast(bias[o]);
            for (int i = 0; i < inputs; i++)
            {
                a = TO.FusedMultiplyAdd(TO.Broadcast(w[i]), TO.Load(x + i * L), a);
            }
            TO.Store(a, y + o * L);
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
            TV a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default;
            TV a6 = default, a7 = default, a8 = default, a9 = default, a10 = default, a11 = default;
            float* w = weights + i;
            for (int o = 0; o < outputs; o++, w += inputs)
            {
                TV g = TO.Load(dy + o * L);
                a0 = TO.FusedMultiplyAdd(TO.Broadcast(w[0]), g, a0);
                a1 = TO.FusedMultiplyAdd(TO.Broadcast(w[1]), g, a1);
                a2 = TO.FusedMultiplyAdd(TO.Broadcast(w[2]), g, a2);
                a3 = TO.FusedMultiplyAdd(TO.Broadcast(w[3]), g, a3);
                a4 = TO.FusedMultiplyAdd(TO.Broadcast(w[4]), g, a4);
                a5 = TO.FusedMultiplyAdd(TO.Broadcast(w[5]), g, a5);
                a6 = TO.FusedMultiplyAdd(TO.Broadcast(w[6]), g, a6);
                a7 = TO.FusedMultiplyAdd(TO.Broadcast(w[7]), g, a7);
                a8 = TO.FusedMultiplyAdd(TO.Broadcast(w[8]), g, a8);
                a9 = TO.FusedMultiplyAdd(TO.Broadcast(w[9]), g, a9);
                a10 = TO.FusedMultiplyAdd(TO.Broadcast(w[10]), g, a10);
                a11 = TO.FusedMultiplyAdd(TO.Broadcast(w[11]), g, a11);
            }
            float* target = dx + i * L;
            TO.Store(a0, target);
            TO.Store(a1, target + L);
            TO.Store(a2, target + 2 * L);
            TO.Store(a3, target + 3 * L);
            TO.Store(a4, target + 4 * L);
            TO.Store(a5, target + 5 * L);
            TO.Store(a6, target + 6 * L);
            TO.Store(a7, target + 7 * L);
            TO.Store(a8, target + 8 * L);
            TO.Store(a9, target + 9 * L);
            TO.Store(a10, target + 10 * L);
            TO.Store(a11, target + 11 * L);
        }
        for (; i < inputs; i += 4)
        {
            TV a0 = default, a1 = default, a2 = default, a3 = default;
            float* w = weights + i;
            for (int o = 0; o < outputs; o++, w += inputs)
            {
                TV g = TO.Load(dy + o * L);
                a0 = TO.FusedMultiplyAdd(TO.Broadcast(w[0]), g, a0);
                a1 = TO.FusedMultiplyAdd(TO.Broadcast(w[1]), g, a1);
                a2 = TO.FusedMultiplyAdd(TO.Broadcast(w[2]), g, a2);
                a3 = TO.FusedMultiplyAdd(TO.Broadcast(w[3]), g, a3);
            }
            float* target = dx + i * L;
            TO.Store(a0, target);
            TO.Store(a1, target + L);
            TO.Store(a2, target + 2 * L);
            TO.Store(a3, target + 3 * L);
        }
    }

    /// <summary>y = tanh(y) in place.</summary>
    public static void Tanh(float* y, int count)
    {
        for (int o = 0; o < count; o++)
        {
            TO.Store(LaneMath<TV, TO>.Tanh(TO.Load(y + o * L)), y + o * L);
        }
    }

    /// <summary>y = sigmoid(y) in place.</summary>
    public static void Sigmoid(float* y, int count)
    {
        for (int o = 0; o < count; o++)
        {
            TO.Store(LaneMath<TV, TO>.Sigmoid(TO.Load(y + o * L)), y + o * L);
        }
    }

    /// <summary>da -> dz through tanh, in place: da * (1 - a^2).</summary>
    public static void TanhBackward(float* activation, float* gradient, int count)
    {
        for (int o = 0; o < count; o++)
        {
            TO.Store(TO.Multiply(TO.Load(gradient + o * L), LaneMath<TV, TO>.TanhDerivative(TO.Load(activation + o * L))), gradient + o * L);
        }
    }

    /// <summary>da -> dz through the sigmoid, in place: da * (a (1 - a)).</summary>
    public static void SigmoidBackward(float* activation, float* gradient, int count)
    {
        for (int o = 0; o < count; o++)
        {
            TV a = TO.Load(activation + o * L);
            TO.Store(TO.Multiply(TO.Load(gradient + o * L), TO.Multiply(a, TO.Subtract(TO.Broadcast(1f), a))), gradient + o * L);
        }
    }
}
