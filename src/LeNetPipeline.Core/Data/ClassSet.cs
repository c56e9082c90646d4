// The classes of a data set: their names in label order (label k is Names[k]). MNIST's are its digits,
// Fashion-MNIST's the garments of its README (zalandoresearch/fashion-mnist); other sources take theirs from the
// data (folder names, or the label values of IDX and CSV files). Two sets are the same only with the same names
// in the same order, which is what a checkpoint or a trained model needs of the data it meets.
using LeNetPipeline.Model;

namespace LeNetPipeline.Data;

public sealed class ClassSet : IEquatable<ClassSet>
{
    private readonly string[] _names;

    /// <exception cref="ArgumentException">Fewer than 2 or more than 256 names, an empty name, or two equal ones.</exception>
    public ClassSet(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        _names = [.. names];
        ArgumentOutOfRangeException.ThrowIfLessThan(_names.Length, ParameterLayout.MinClasses, nameof(names));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(_names.Length, ParameterLayout.MaxClasses, nameof(names));
        if (_names.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("a class name is empty", nameof(names));
        }
        if (_names.Distinct(StringComparer.Ordinal).Count() != _names.Length)
        {
            throw new ArgumentException("two classes have the same name", nameof(names));
        }
        Names = Array.AsReadOnly(_names);
        Layout = ParameterLayout.For(_names.Length);
    }

    public static ClassSet Digits { get; } = new(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);

    public static ClassSet Garments { get; } =
        new(["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]);

    /// <summary>Names in label order.</summary>
    public IReadOnlyList<string> Names { get; }

    public int Count => _names.Length;

    /// <summary>The parameter layout of a LeNet-5 with one output per class.</summary>
    public ParameterLayout Layout { get; }

    /// <summary>The longest name's length, for padding table columns.</summary>
    public int Width => _names.Max(name => name.Length);

    public string this[int label] => _names[label];

    /// <summary>Classes named by their label values "0".."count-1" (IDX and CSV sources, whose files carry no names).</summary>
    public static ClassSet Numbered(int count) =>
        count == Digits.Count ? Digits : new(Enumerable.Range(0, count).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public bool Equals(ClassSet? other) => other is not null && _names.AsSpan().SequenceEqual(other._names);

    public override bool Equals(object? obj) => Equals(obj as ClassSet);

    public override int GetHashCode() => _names.Length == 0 ? 0 : HashCode.Combine(_names.Length, _names[0], _names[^1]);

    /// <summary>"10 classes (0, 1, ..., 9)": short enough for one log line or error message.</summary>
    public override string ToString() =>
        Count <= 12 ? $"{Count} classes ({string.Join(", ", _names)})" : $"{Count} classes ({string.Join(", ", _names[..5])}, ..., {_names[^1]})";
}
