// What a weights file holds: the parameters, their layout (the class count) and, when the file names them, the classes.
using LeNetPipeline.Model;

namespace LeNetPipeline.Weights;

/// <param name="ClassNames">The names in label order, or null for a file without them (the notebook's).</param>
public sealed record WeightsFileContent(float[] Parameters, ParameterLayout Layout, IReadOnlyList<string>? ClassNames);
