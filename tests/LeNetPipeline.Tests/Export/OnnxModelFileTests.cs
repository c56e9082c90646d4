// The exported model's interface as ONNX Runtime reads it: names, element type and shapes of the input and
// outputs (the first axis left to the caller), its opset and producer, and the weights' hash in its metadata.
using LeNetPipeline.Model;
using LeNetPipeline.Onnx;
using LeNetPipeline.Weights;
using Microsoft.ML.OnnxRuntime;

namespace LeNetPipeline.Tests.Export;

public sealed class OnnxModelFileTests
{
    private static readonly float[] Parameters = ParameterInitializer.Create(5);

    [Fact]
    public void Model_takes_any_number_of_28x28_single_channel_images_named_image()
    {
        using var session = new InferenceSession(OnnxModelFile.Build(Parameters));

        NodeMetadata input = Assert.Single(session.InputMetadata, entry => entry.Key == OnnxModelFile.InputName).Value;
        Assert.Equal(typeof(float), input.ElementType);
        Assert.Equal([-1, 1, 28, 28], input.Dimensions);
        Assert.Equal(OnnxModelFile.BatchDimension, input.SymbolicDimensions[0]);
    }

    [Fact]
    public void Model_gives_ten_logits_and_ten_probabilities_per_image()
    {
        using var session = new InferenceSession(OnnxModelFile.Build(Parameters));

        Assert.Equal([OnnxModelFile.LogitsName, OnnxModelFile.ProbabilitiesName], session.OutputNames);
        Assert.All(session.OutputMetadata.Values, output =>
        {
            Assert.Equal(typeof(float), output.ElementType);
            Assert.Equal([-1, ParameterLayout.Mnist.Classes], output.Dimensions);
        });
    }

    [Fact]
    public void Model_records_its_producer_and_the_sha256_of_the_weights_it_holds()
    {
        using var session = new InferenceSession(OnnxModelFile.Build(Parameters));

        Assert.Equal("LeNetPipeline", session.ModelMetadata.ProducerName);
        Assert.Equal(WeightsHash.Sha256Hex(Parameters), session.ModelMetadata.CustomMetadataMap[OnnxModelFile.WeightsSha256Key]);
    }

    [Fact]
    public void Writing_replaces_the_file_whole_and_leaves_no_temporary_file()
    {
        string directory = Directory.CreateTempSubdirectory("lenet-onnx-").FullName;
        try
        {
            string path = Path.Combine(directory, "model.onnx");
            File.WriteAllText(path, "an older model");

            OnnxModelFile.Write(path, Parameters);

            Assert.Equal(OnnxModelFile.Build(Parameters), File.ReadAllBytes(path));
            Assert.Equal([path], Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_parameter_buffer_of_the_wrong_length_is_refused()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => OnnxModelFile.Build(new float[10]));

        Assert.Contains("61706", error.Message);
    }
}
