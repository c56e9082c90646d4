// The classes of the sources whose files carry only label numbers (idx, csv): "0".."K-1" with K one more than the
// largest training label, so a label keeps its number as its name. Checks shared by both sources.
namespace LeNetPipeline.Data;

internal static class UserLabels
{
    /// <summary>The classes the training labels of <paramref name="source"/> define.</summary>
    /// <exception cref="InvalidInputException">Fewer than two classes.</exception>
    public static ClassSet ClassesOf(string source, byte[] labels)
    {
        if (labels.Length == 0)
        {
            throw new InvalidInputException($"{source}: holds no samples");
        }
        int classes = labels.Max() + 1;
        if (labels.All(label => label == labels[0]))
        {
            throw new InvalidInputException($"{source}: every sample has label {labels[0]}; classifying needs at least two classes");
        }
        return ClassSet.Numbered(classes);
    }

    /// <summary>Fails, naming the item, when a test label is not one of the training classes.</summary>
    public static void CheckTest(byte[] labels, ClassSet classes, Func<int, string> itemName)
    {
        int outside = LabelledImages.FirstOutside(labels, classes.Count);
        if (outside >= 0)
        {
            throw new InvalidInputException(
                $"{itemName(outside)}: label {labels[outside]} is not a class of the training data (0..{classes.Count - 1})");
        }
    }
}
