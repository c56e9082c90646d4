// Weights worth exporting, made quickly and deterministically: the seeded initialisation plus a few plain SGD steps
// (the notebook's learning rate 0.1, batch 64) on the first MNIST training images, so that no bias is still zero and
// predictions are far from uniform, without running the pipeline.
using LeNetPipeline.Data;
using LeNetPipeline.Model;
using LeNetPipeline.Model.Kernels;
using LeNetPipeline.Training;

namespace LeNetPipeline.Tests.Export;

internal static class BrieflyTrainedWeights
{
    public const int BatchSize = 64;

    public static float[] Create(LabelledImages train, int steps, ulong seed = 7)
    {
        float[] parameters = ParameterInitializer.Create(seed);
        var sgd = new SgdMomentum(ParameterLayout.Mnist.Count);
        var kernel = new SampleGroupKernel();
        float[] batchGradient = new float[ParameterLayout.Mnist.Count];
        float[] groupGradient = new float[ParameterLayout.Mnist.Count];
        float[] losses = new float[SampleGroupKernel.GroupSize];
        byte[] predictions = new byte[SampleGroupKernel.GroupSize];
        for (int step = 0; step < steps; step++)
        {
            Array.Clear(batchGradient);
            for (int group = 0; group < BatchSize; group += SampleGroupKernel.GroupSize)
            {
                int first = step * BatchSize + group;
                kernel.Train(parameters, train.Pixels.AsSpan(first * ParameterLayout.ImagePixels), train.Labels.AsSpan(first),
                    SampleGroupKernel.GroupSize, groupGradient, losses, predictions);
                for (int i = 0; i < batchGradient.Length; i++)
                {
                    batchGradient[i] += groupGradient[i];
                }
            }
            Assert.True(sgd.Step(parameters, batchGradient, BatchSize, learningRate: 0.1f, momentum: 0f, weightDecay: 0f));
        }
        return parameters;
    }
}
