// The .npy type strings of NpyDataType and their element sizes.
namespace LeNetPipeline.Weights;

internal static class NpyDataTypes
{
    public static string Descr(this NpyDataType type) => type switch
    {
        NpyDataType.Float32 => "<f4",
        NpyDataType.Float64 => "<f8",
        NpyDataType.Int64 => "<i8",
        NpyDataType.UInt64 => "<u8",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static int ItemSize(this NpyDataType type) => type == NpyDataType.Float32 ? 4 : 8;

    /// <summary>The type a descr names exactly, or null: matching is by the whole string, never by parts of it.</summary>
    public static NpyDataType? FromDescr(string descr) => descr switch
    {
        "<f4" => NpyDataType.Float32,
        "<f8" => NpyDataType.Float64,
        "<i8" => NpyDataType.Int64,
        "<u8" => NpyDataType.UInt64,
        _ => null,
    };

    /// <summary>The data type whose elements a <typeparamref name="T"/> holds.</summary>
    public static NpyDataType Of<T>()
        where T : unmanaged =>
        typeof(T) == typeof(float) ? NpyDataType.Float32
        : typeof(T) == typeof(double) ? NpyDataType.Float64
        : typeof(T) == typeof(long) ? NpyDataType.Int64
        : typeof(T) == typeof(ulong) ? NpyDataType.UInt64
        : throw new NotSupportedException($"{typeof(T).Name} has no .npy data type here");
}
