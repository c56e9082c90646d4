// Whether a trained model can be used with a data set's classes: the same count is required; names that differ
// (a digits model scored on Fashion-MNIST) are the caller's to report, since scoring still means something.
using LeNetPipeline.Data;
using LeNetPipeline.Weights;

namespace LeNetPipeline.Worker.Commands;

internal static class ModelClasses
{
    /// <summary>
    /// Throws an <see cref="InvalidInputException"/> naming the file when the model's output count is not the
    /// classes'; returns the model's own names when they differ from <paramref name="classes"/>, else null.
    /// </summary>
    public static ClassSet? EnsureFits(string weightsPath, WeightsFileContent model, ClassSet classes)
    {
        if (model.Layout.Classes != classes.Count)
        {
            throw new InvalidInputException(
                $"{weightsPath}: the model has {model.Layout.Classes} classes, but the data has {classes}");
        }
        return model.ClassNames is { } names && !new ClassSet(names).Equals(classes) ? new ClassSet(names) : null;
    }

    /// <summary>
    /// The model's own class names; for a file without them (the notebook's), those of the catalogue data set
    /// <paramref name="dataset"/> when the counts agree, else "0".."K-1".
    /// </summary>
    public static ClassSet Of(WeightsFileContent model, string dataset)
    {
        if (model.ClassNames is { } names)
        {
            return new ClassSet(names);
        }
        DatasetDefinition? catalogued = DatasetCatalogue.All.FirstOrDefault(d => string.Equals(d.Name, dataset, StringComparison.OrdinalIgnoreCase));
        return catalogued is not null && catalogued.Classes.Count == model.Layout.Classes
            ? catalogued.Classes
            : ClassSet.Numbered(model.Layout.Classes);
    }
}
