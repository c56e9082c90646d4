// LeNet-5 weights as an .npz with the notebook's ten arrays (out_weights (K,84), out_bias (K,) for K classes) and,
// when written here, class_names (numpy unicode, K names in label order), read into and written from the flat
// ParameterLayout buffer. A file is accepted only whole: every array present, shaped right, finite and in range.
using LeNetPipeline.Model;

namespace LeNetPipeline.Weights;

public static class WeightsFile
{
    /// <summary>The optional array naming the classes.</summary>
    public const string ClassNamesArray = "class_names";

    /// <summary>Reads a weights file into a new parameter buffer (its class count from out_bias). Arrays may be
    /// float32 or float64 (the notebook's cnn_params.npz is float64); float64 values are rounded to nearest float32.</summary>
    /// <exception cref="InvalidInputException">The file is missing, unreadable, or not a valid weights file.</exception>
    public static float[] Read(string path) => ReadModel(path).Parameters;

    /// <summary>As <see cref="Read"/>, with the class names when the file has them.</summary>
    /// <exception cref="InvalidInputException">The file is missing, unreadable, or not a valid weights file.</exception>
    public static WeightsFileContent ReadModel(string path)
    {
        using NpzReader npz = NpzReader.Open(path);
        ParameterLayout layout = LayoutOf(npz);
        foreach (ParameterTensor tensor in layout.Tensors)
        {
            if (!npz.Contains(tensor.Name))
            {
                throw npz.Error(tensor.Name, "missing array");
            }
        }
        foreach (string name in npz.Names)
        {
            if (layout.Find(name) is null && name != ClassNamesArray)
            {
                throw npz.Error(name, $"unexpected array; a weights file holds exactly {string.Join(", ", layout.Tensors.Select(t => t.Name))} and optionally {ClassNamesArray}");
            }
        }

        float[] parameters = new float[layout.Count];
        foreach (ParameterTensor tensor in layout.Tensors)
        {
            ReadTensor(npz, tensor, tensor.Of(parameters.AsSpan()));
        }
        IReadOnlyList<string>? names = null;
        if (npz.Contains(ClassNamesArray))
        {
            string[] read = npz.ReadUnicode(ClassNamesArray);
            if (read.Length != layout.Classes)
            {
                throw npz.Error(ClassNamesArray, $"{read.Length} names for the {layout.Classes} classes of out_bias");
            }
            if (read.Any(string.IsNullOrEmpty) || read.Distinct(StringComparer.Ordinal).Count() != read.Length)
            {
                throw npz.Error(ClassNamesArray, "class names must be non-empty and distinct");
            }
            names = read;
        }
        return new WeightsFileContent(parameters, layout, names);
    }

    // out_bias's length is the class count; a file without a one-dimensional out_bias is reported by the
    // ten-class layout's checks, which name what is missing or misshapen.
    private static ParameterLayout LayoutOf(NpzReader npz)
    {
        const string OutBias = "out_bias";
        if (!npz.Contains(OutBias))
        {
            return ParameterLayout.Mnist;
        }
        IReadOnlyList<int> shape = npz.Header(OutBias).Shape;
        return shape.Count == 1 && shape[0] is >= ParameterLayout.MinClasses and <= ParameterLayout.MaxClasses
            ? ParameterLayout.For(shape[0])
            : ParameterLayout.Mnist;
    }

    /// <summary>Writes a full parameter buffer as float32 arrays, replacing <paramref name="path"/> atomically:
    /// until the new file is complete on disk an existing file stays as it was. Values are written as they are;
    /// non-finite ones are <see cref="Read"/>'s to refuse, so a diverged run still leaves its evidence.</summary>
    /// <param name="classNames">One per class, in label order, written as <see cref="ClassNamesArray"/>; null writes
    /// only the ten arrays (the notebook's exact file).</param>
    public static void Write(string path, ReadOnlySpan<float> parameters, IReadOnlyList<string>? classNames = null)
    {
        ParameterLayout layout = ParameterLayout.ForCount(parameters.Length)
            ?? throw new ArgumentException(
                $"{parameters.Length} floats are no LeNet-5 parameter buffer (61706 for ten classes)", nameof(parameters));
        if (classNames is not null && classNames.Count != layout.Classes)
        {
            throw new ArgumentException($"{classNames.Count} class names for {layout.Classes} classes", nameof(classNames));
        }
        using NpzWriter npz = NpzWriter.Create(path);
        foreach (ParameterTensor tensor in layout.Tensors)
        {
            npz.Add(tensor.Name, tensor.Shape, tensor.Of(parameters));
        }
        if (classNames is not null)
        {
            npz.AddUnicode(ClassNamesArray, classNames);
        }
        npz.Commit();
    }

    private static void ReadTensor(NpzReader npz, ParameterTensor tensor, Span<float> destination)
    {
        NpyDataType dataType = npz.Header(tensor.Name).DataType;
        if (dataType == NpyDataType.Float32)
        {
            float[] values = npz.ReadFloat32(tensor.Name, tensor.Shape);
            int bad = Array.FindIndex(values, v => !float.IsFinite(v));
            if (bad >= 0)
            {
                throw npz.Error(tensor.Name, $"{NonFinite(values[bad])} at index {IndexText(tensor, bad)}");
            }
            values.CopyTo(destination);
        }
        else if (dataType == NpyDataType.Float64)
        {
            double[] values = npz.ReadFloat64(tensor.Name, tensor.Shape);
            for (int i = 0; i < values.Length; i++)
            {
                if (!double.IsFinite(values[i]))
                {
                    throw npz.Error(tensor.Name, $"{NonFinite(values[i])} at index {IndexText(tensor, i)}");
                }
                destination[i] = (float)values[i];
                if (!float.IsFinite(destination[i]))
                {
                    throw npz.Error(tensor.Name, $"value {values[i]:R} at index {IndexText(tensor, i)} is outside the float32 range");
                }
            }
        }
        else
        {
            throw npz.Error(tensor.Name, $"unsupported dtype '{dataType.Descr()}' for weights (need '<f4' or '<f8')");
        }
    }

    private static string NonFinite(double value) =>
        double.IsNaN(value) ? "NaN" : value > 0 ? "+infinity" : "-infinity";

    /// <summary>The C-order index of flat element <paramref name="flat"/>, as numpy would print it: [2, 3, 0, 1].</summary>
    private static string IndexText(ParameterTensor tensor, int flat)
    {
        int[] index = new int[tensor.Shape.Length];
        int rest = flat;
        for (int axis = index.Length - 1; axis >= 0; axis--)
        {
            index[axis] = rest % tensor.Shape[axis];
            rest /= tensor.Shape[axis];
        }
        return $"[{string.Join(", ", index)}] (element {flat} of {tensor.Length})";
    }
}
