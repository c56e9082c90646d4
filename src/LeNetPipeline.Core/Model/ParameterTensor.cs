// One named parameter tensor of LeNet-5: its interchange name, shape and place in the flat parameter buffer.
// Names and shapes are the notebook's cnn_params.npz ones (docs/architecture.md, The model), and are the .npz interchange format.
namespace LeNetPipeline.Model;

public sealed record ParameterTensor(string Name, int[] Shape, int Offset)
{
    public int Length { get; } = Shape.Aggregate(1, (product, dimension) => product * dimension);

    public Span<float> Of(Span<float> parameters) => parameters.Slice(Offset, Length);

    public ReadOnlySpan<float> Of(ReadOnlySpan<float> parameters) => parameters.Slice(Offset, Length);

    public string ShapeText => "(" + string.Join(",", Shape) + ")";
}
