// The names of a data set's ten classes, for tables and predictions: MNIST's are its digits, Fashion-MNIST's are the
// garments of its README (zalandoresearch/fashion-mnist), in label order 0..9.
using LeNetPipeline.Data;

namespace LeNetPipeline.Worker.Commands;

internal static class ClassNames
{
    private static readonly string[] Digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    private static readonly string[] Garments =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The ten names of <paramref name="dataset"/> (a catalogue name), indexed by label.</summary>
    public static IReadOnlyList<string> Of(string dataset) =>
        string.Equals(dataset, DatasetCatalogue.FashionMnist.Name, StringComparison.OrdinalIgnoreCase) ? Garments : Digits;

    /// <summary>The longest name of <paramref name="dataset"/>, for padding table columns.</summary>
    public static int Width(string dataset) => Of(dataset).Max(name => name.Length);
}
