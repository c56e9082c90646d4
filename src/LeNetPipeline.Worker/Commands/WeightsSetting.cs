// Where evaluate and predict read their weights: the command's own setting when given, else the model.npz that
// training leaves in Output:Directory, so "train" then "evaluate" needs no path at all. Relative paths are
// resolved against the content root, like every path setting.
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Worker.Outputs;
using LeNetPipeline.Worker.Options;

namespace LeNetPipeline.Worker.Commands;

internal static class WeightsSetting
{
    public static string Resolve(ContentRoot root, string setting, string outputDirectory) =>
        root.Resolve(string.IsNullOrWhiteSpace(setting) ? Path.Combine(outputDirectory, RunOutputs.ModelFile) : setting);
}
