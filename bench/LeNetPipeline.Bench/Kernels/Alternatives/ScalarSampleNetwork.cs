// Alternative (baseline): LeNet-5 forward and backward for one sample in plain scalar float loops, the first,
// obviously-correct form of SampleGroupKernel (per sample, MathF.Tanh, no vectors).
// Invariant: a sample's loss, prediction and gradient depend on nothing but the parameters, its image and label.
using LeNetPipeline.Model;

namespace LeNetPipeline.Bench.Kernels.Alternatives;

internal sealed class ScalarSampleNetwork
{
    private readonly float[] _x = new float[28 * 28];
    private readonly float[] _a1 = new float[6 * 28 * 28];
    private readonly float[] _p2 = new float[6 * 14 * 14];
    private readonly float[] _a3 = new float[16 * 10 * 10];
    private readonly float[] _p4 = new float[16 * 5 * 5];
    private readonly float[] _a5 = new float[120];
    private readonly float[] _a6 = new float[84];
    private readonly float[] _z7 = new float[10];
    private readonly float[] _dz7 = new float[10];
    private readonly float[] _dz6 = new float[84];
    private readonly float[] _dz5 = new float[120];
    private readonly float[] _dp4 = new float[400];
    private readonly float[] _dz3 = new float[1600];
    private readonly float[] _dp2 = new float[6 * 14 * 14];

    public float Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<byte> image, int label, out byte prediction)
    {
        ReadOnlySpan<float> k1 = ParameterLayout.Mnist.C1Kernel.Of(parameters), b1 = ParameterLayout.Mnist.C1Bias.Of(parameters);
        ReadOnlySpan<float> k3 = ParameterLayout.Mnist.C3Kernel.Of(parameters), b3 = ParameterLayout.Mnist.C3Bias.Of(parameters);
        ReadOnlySpan<float> k5 = ParameterLayout.Mnist.C5Kernel.Of(parameters), b5 = ParameterLayout.Mnist.C5Bias.Of(parameters);
        ReadOnlySpan<float> w6 = ParameterLayout.Mnist.F6Weights.Of(parameters), b6 = ParameterLayout.Mnist.F6Bias.Of(parameters);
        ReadOnlySpan<float> w7 = ParameterLayout.Mnist.OutWeights.Of(parameters), b7 = ParameterLayout.Mnist.OutBias.Of(parameters);

        for (int i = 0; i < 784; i++)
        {
            _x[i] = image[i] / 255f;
        }

        for (int c = 0; c < 6; c++)
        {
            for (int i = 0; i < 28; i++)
            {
                for (int j = 0; j < 28; j++)
                {
                    float z = b1[c];
                    for (int ki = 0; ki < 5; ki++)
                    {
                        int y = i + ki - 2;
                        if ((uint)y >= 28)
                        {
                            continue;
                        }
                        for (int kj = 0; kj < 5; kj++)
                        {
                            int x = j + kj - 2;
                            if ((uint)x < 28)
                            {
                                z += k1[(c * 5 + ki) * 5 + kj] * _x[y * 28 + x];
                            }
                        }
                    }
                    _a1[(c * 28 + i) * 28 + j] = MathF.Tanh(z);
                }
            }
        }

        AveragePool(_a1, _p2, 6, 14);

        for (int o = 0; o < 16; o++)
        {
            for (int i = 0; i < 10; i++)
            {
                for (int j = 0; j < 10; j++)
                {
                    float z = b3[o];
                    for (int c = 0; c < 6; c++)
                    {
                        for (int ki = 0; ki < 5; ki++)
                        {
                            for (int kj = 0; kj < 5; kj++)
                            {
                                z += k3[((o * 6 + c) * 5 + ki) * 5 + kj] * _p2[(c * 14 + i + ki) * 14 + j + kj];
                            }
                        }
                    }
                    _a3[(o * 10 + i) * 10 + j] = MathF.Tanh(z);
                }
            }
        }

        AveragePool(_a3, _p4, 16, 5);

        for (int o = 0; o < 120; o++)
        {
            float z = b5[o];
            for (int f = 0; f < 400; f++)
            {
                z += k5[o * 400 + f] * _p4[f];
            }
            _a5[o] = MathF.Tanh(z);
        }

        for (int o = 0; o < 84; o++)
        {
            float z = b6[o];
            for (int i = 0; i < 120; i++)
            {
                z += w6[o * 120 + i] * _a5[i];
            }
            _a6[o] = 1f / (1f + MathF.Exp(-z));
        }

        float max = float.NegativeInfinity;
        int best = 0;
        for (int k = 0; k < 10; k++)
        {
            float z = b7[k];
            for (int i = 0; i < 84; i++)
            {
                z += w7[k * 84 + i] * _a6[i];
            }
            _z7[k] = z;
            if (z > max)
            {
                max = z;
                best = k;
            }
        }
        prediction = (byte)best;

        float sum = 0f;
        for (int k = 0; k < 10; k++)
        {
            _dz7[k] = MathF.Exp(_z7[k] - max);
            sum += _dz7[k];
        }
        for (int k = 0; k < 10; k++)
        {
            _dz7[k] = _dz7[k] / sum - (k == label ? 1f : 0f);
        }
        return MathF.Log(sum) - (_z7[label] - max);
    }

    /// <summary>Forward, then the gradient of this sample's loss into <paramref name="gradient"/> (overwritten).</summary>
    public float Train(ReadOnlySpan<float> parameters, ReadOnlySpan<byte> image, int label, Span<float> gradient, out byte prediction)
    {
        float loss = Forward(parameters, image, label, out prediction);
        ReadOnlySpan<float> k3 = ParameterLayout.Mnist.C3Kernel.Of(parameters);
        ReadOnlySpan<float> k5 = ParameterLayout.Mnist.C5Kernel.Of(parameters);
        ReadOnlySpan<float> w6 = ParameterLayout.Mnist.F6Weights.Of(parameters);
        ReadOnlySpan<float> w7 = ParameterLayout.Mnist.OutWeights.Of(parameters);
        Span<float> dk1 = ParameterLayout.Mnist.C1Kernel.Of(gradient), db1 = ParameterLayout.Mnist.C1Bias.Of(gradient);
        Span<float> dk3 = ParameterLayout.Mnist.C3Kernel.Of(gradient), db3 = ParameterLayout.Mnist.C3Bias.Of(gradient);
        Span<float> dk5 = ParameterLayout.Mnist.C5Kernel.Of(gradient), db5 = ParameterLayout.Mnist.C5Bias.Of(gradient);
        Span<float> dw6 = ParameterLayout.Mnist.F6Weights.Of(gradient), db6 = ParameterLayout.Mnist.F6Bias.Of(gradient);
        Span<float> dw7 = ParameterLayout.Mnist.OutWeights.Of(gradient), db7 = ParameterLayout.Mnist.OutBias.Of(gradient);

        for (int k = 0; k < 10; k++)
        {
            db7[k] = _dz7[k];
            for (int i = 0; i < 84; i++)
            {
                dw7[k * 84 + i] = _dz7[k] * _a6[i];
            }
        }

        for (int i = 0; i < 84; i++)
        {
            float da = 0f;
            for (int k = 0; k < 10; k++)
            {
                da += w7[k * 84 + i] * _dz7[k];
            }
            _dz6[i] = da * (_a6[i] * (1f - _a6[i]));
        }
        for (int o = 0; o < 84; o++)
        {
            db6[o] = _dz6[o];
            for (int i = 0; i < 120; i++)
            {
                dw6[o * 120 + i] = _dz6[o] * _a5[i];
            }
        }

        for (int i = 0; i < 120; i++)
        {
            float da = 0f;
            for (int o = 0; o < 84; o++)
            {
                da += w6[o * 120 + i] * _dz6[o];
            }
            _dz5[i] = da * (1f - _a5[i] * _a5[i]);
        }
        for (int o = 0; o < 120; o++)
        {
            db5[o] = _dz5[o];
            for (int f = 0; f < 400; f++)
            {
                dk5[o * 400 + f] = _dz5[o] * _p4[f];
            }
        }

        for (int f = 0; f < 400; f++)
        {
            float dp = 0f;
            for (int o = 0; o < 120; o++)
            {
                dp += k5[o * 400 + f] * _dz5[o];
            }
            _dp4[f] = dp;
        }
        for (int o = 0; o < 16; o++)
        {
            for (int i = 0; i < 10; i++)
            {
                for (int j = 0; j < 10; j++)
                {
                    float a = _a3[(o * 10 + i) * 10 + j];
                    _dz3[(o * 10 + i) * 10 + j] = 0.25f * _dp4[(o * 5 + i / 2) * 5 + j / 2] * (1f - a * a);
                }
            }
        }

        Array.Clear(_dp2);
        for (int o = 0; o < 16; o++)
        {
            float db = 0f;
            for (int p = 0; p < 100; p++)
            {
                db += _dz3[o * 100 + p];
            }
            db3[o] = db;
            for (int c = 0; c < 6; c++)
            {
                for (int ki = 0; ki < 5; ki++)
                {
                    for (int kj = 0; kj < 5; kj++)
                    {
                        int w = ((o * 6 + c) * 5 + ki) * 5 + kj;
                        float dk = 0f;
                        for (int i = 0; i < 10; i++)
                        {
                            for (int j = 0; j < 10; j++)
                            {
                                float dz = _dz3[(o * 10 + i) * 10 + j];
                                dk += dz * _p2[(c * 14 + i + ki) * 14 + j + kj];
                                _dp2[(c * 14 + i + ki) * 14 + j + kj] += k3[w] * dz;
                            }
                        }
                        dk3[w] = dk;
                    }
                }
            }
        }

        for (int c = 0; c < 6; c++)
        {
            float db = 0f;
            for (int ki = 0; ki < 5; ki++)
            {
                for (int kj = 0; kj < 5; kj++)
                {
                    dk1[(c * 5 + ki) * 5 + kj] = 0f;
                }
            }
            for (int i = 0; i < 28; i++)
            {
                for (int j = 0; j < 28; j++)
                {
                    float a = _a1[(c * 28 + i) * 28 + j];
                    float dz = 0.25f * _dp2[(c * 14 + i / 2) * 14 + j / 2] * (1f - a * a);
                    db += dz;
                    for (int ki = 0; ki < 5; ki++)
                    {
                        int y = i + ki - 2;
                        if ((uint)y >= 28)
                        {
                            continue;
                        }
                        for (int kj = 0; kj < 5; kj++)
                        {
                            int x = j + kj - 2;
                            if ((uint)x < 28)
                            {
                                dk1[(c * 5 + ki) * 5 + kj] += dz * _x[y * 28 + x];
                            }
                        }
                    }
                }
            }
            db1[c] = db;
        }
        return loss;
    }

    private static void AveragePool(float[] input, float[] output, int channels, int outputSide)
    {
        int inputSide = outputSide * 2;
        for (int c = 0; c < channels; c++)
        {
            for (int i = 0; i < outputSide; i++)
            {
                for (int j = 0; j < outputSide; j++)
                {
                    int top = (c * inputSide + 2 * i) * inputSide + 2 * j;
                    output[(c * outputSide + i) * outputSide + j] =
                        0.25f * (input[top] + input[top + 1] + input[top + inputSide] + input[top + inputSide + 1]);
                }
            }
        }
    }
}
