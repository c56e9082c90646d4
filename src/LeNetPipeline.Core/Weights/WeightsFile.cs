// LeNet-5 weights as an .npz with exactly the ten arrays of docs/architecture.md (The model), read into and written from the flat
// ParameterLayout buffer. A file is accepted only whole: every array present, shaped right, finite and in range.
using LeNetPipeline.Model;

namespace LeNetPipeline.Weights;

public static class WeightsFile
{
    /// <summary>Reads a weights file into a new buffer of <see cref="ParameterLayout.Count"/> floats. Arrays may be
    /// float32 or float64 (the notebook's cnn_params.npz is float64); float64 values are rounded to nearest float32.</summary>
    /// <exception cref="InvalidInputException">The file is missing, unreadable, or not a valid weights file.</exception>
    public static float[] Read(string path)
    {
        using NpzReader npz = NpzReader.Open(path);
        foreach (ParameterTensor tensor in ParameterLayout.Tensors)
        {
            if (!npz.Contains(tensor.Name))
            {
                throw npz.Error(tensor.Name, "missing array");
            }
        }
        foreach (string name in npz.Names)
        {
            if (ParameterLayout.Find(name) is null)
            {
                throw npz.Error(name, $"unexpected array; a weights file holds exactly {string.Join(", ", ParameterLayout.Tensors.Select(t => t.Name))}");
            }
        }

        float[] parameters = new float[ParameterLayout.Count];
        foreach (ParameterTensor tensor in ParameterLayout.Tensors)
        {
            ReadTensor(npz, tensor, tensor.Of(parameters.AsSpan()));
        }
        return parameters;
    }

    /// <summary>Writes a full parameter buffer as float32 arrays, replacing <paramref name="path"/> atomically:
    /// until the new file is complete on disk an existing file stays as it was. Values are written as they are;
    /// non-finite ones are <see cref="Read"/>'s to refuse, so a diverged run still leaves its evidence.</summary>
    public static void Write(string path, ReadOnlySpan<float> parameters)
    {
        if (parameters.Length != ParameterLayout.Count)
        {
            throw new ArgumentException(
                $"a parameter buffer holds {ParameterLayout.Count} floats, not {parameters.Length}", nameof(parameters));
        }
        using NpzWriter npz = NpzWriter.Create(path);
        foreach (ParameterTensor tensor in ParameterLayout.Tensors)
        {
            npz.Add(tensor.Name, tensor.Shape, tensor.Of(parameters));
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
