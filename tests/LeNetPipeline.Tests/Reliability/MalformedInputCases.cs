// The catalogue of bad input a real user can hand the worker: damaged IDX files, weights and checkpoints, and
// settings that are zero, negative, NaN or huge. Each case builds its files in its own folder, names the
// arguments it runs with, what the first error line must mention, and the exit code the README documents.
using System.Buffers.Binary;
using System.IO.Compression;
using LeNetPipeline.Tests.Weights;
using LeNetPipeline.Weights;
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Reliability;

/// <summary>What a case runs: its arguments, the words its first error line must hold, how to start the worker.</summary>
internal sealed record ArrangedCase(string[] Arguments, string[] Mentions)
{
    public WorkerStart Start { get; init; } = new();
}

/// <summary>A case's folder, and an output directory already holding an earlier run's files.</summary>
internal sealed class CaseFolder(ReliabilityGround ground, string directory)
{
    public ReliabilityGround Ground { get; } = ground;

    public string Directory { get; } = directory;

    public string Output { get; } = ground.OutputWithEarlierRun(directory);

    public string Path(string name) => System.IO.Path.Combine(Directory, name);

    public string Write(string name, byte[] content)
    {
        string path = Path(name);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>The case's settings: the ground's, then <paramref name="extra"/> (later ones win).</summary>
    public string[] Settings(params string[] extra) => [.. Ground.Settings(Output), .. extra];

    /// <summary>A copy of the small data set in this folder, for a case to damage.</summary>
    public string Data() => Ground.CopyData(Path("data"));
}

internal sealed record MalformedInputCase(string Area, string Name, int ExitCode, Func<CaseFolder, ArrangedCase> Arrange)
{
    public override string ToString() => Name;
}

internal static class MalformedInputCases
{
    public static IReadOnlyList<MalformedInputCase> All { get; } = [.. Idx(), .. WeightsFiles(), .. Checkpoints(), .. Settings(), .. Places()];

    public static MalformedInputCase Find(string name) => All.Single(c => c.Name == name);

    private const string TrainImages = "train-images-idx3-ubyte";
    private const string TrainLabels = "train-labels-idx1-ubyte";
    private const string TestImages = "t10k-images-idx3-ubyte";
    private const string TestLabels = "t10k-labels-idx1-ubyte";

    /// <summary>A GC heap far smaller than the allocations a lying header asks for: if the worker believed the header,
    /// it would die of OutOfMemoryException (exit 1) instead of refusing the file (exit 3).</summary>
    public static readonly WorkerStart SmallHeap = new()
    {
        Environment = new Dictionary<string, string?> { ["DOTNET_GCHeapHardLimit"] = "0x6000000" },
    };

    private static IEnumerable<MalformedInputCase> Idx()
    {
        const string Area = "IDX data";
        yield return DataCase(Area, "idx-empty-file", TrainImages, "is empty", (_, _) => []);
        yield return DataCase(Area, "idx-wrong-magic", TrainImages, "magic number", (bytes, _) => WithUInt32(bytes, 0, IdxMagicLabels));
        yield return DataCase(Area, "idx-truncated-header", TrainLabels, "truncated header", (bytes, _) => bytes[..6]);
        yield return DataCase(Area, "idx-truncated-body", TrainImages, "is truncated", (bytes, _) => bytes[..(bytes.Length - 300)]);
        yield return DataCase(Area, "idx-trailing-bytes", TestLabels, "trailing bytes", (bytes, _) => [.. bytes, 7, 7, 7]);
        yield return DataCase(Area, "idx-image-label-count-mismatch", TrainImages, "255 labels",
            (bytes, folder) => bytes, alsoDamage: (TrainLabels, bytes => WithUInt32(bytes[..^1], 4, 255)));
        yield return DataCase(Area, "idx-zero-images", TestImages, "declares zero images", (bytes, _) => WithUInt32(bytes[..16], 4, 0));
        yield return DataCase(Area, "idx-billions-of-images", TrainImages, "3000000000 images",
            (bytes, _) => WithUInt32(bytes, 4, 3_000_000_000), SmallHeap);
        yield return DataCase(Area, "idx-two-billion-labels", TrainLabels, "2000000000 labels",
            (bytes, _) => WithUInt32(bytes, 4, 2_000_000_000), SmallHeap);
        yield return GzipCase(Area, "idx-gz-two-billion-labels", TestLabels, "2000000000 labels",
            bytes => IdxBytesGzip(WithUInt32(bytes, 4, 2_000_000_000)), SmallHeap);
        yield return DataCase(Area, "idx-wrong-dimensions", TrainImages, "32x32", (bytes, _) => WithUInt32(WithUInt32(bytes, 8, 32), 12, 32));
        yield return DataCase(Area, "idx-label-10", TrainLabels, "label 10 at index 5", (bytes, _) => WithByte(bytes, 8 + 5, 10));
        yield return DataCase(Area, "idx-label-255", TestLabels, "label 255 at index 63", (bytes, _) => WithByte(bytes, 8 + 63, 255));
        yield return GzipCase(Area, "idx-gz-not-gzip", TrainImages, "not gzip data", bytes => bytes);
        yield return GzipCase(Area, "idx-gz-truncated", TrainLabels, "cut short", bytes => IdxBytesGzip(bytes)[..60]);
        yield return new MalformedInputCase(Area, "idx-file-is-a-directory", ExitCodes.InvalidInput, folder =>
        {
            string data = folder.Data();
            string path = System.IO.Path.Combine(data, TrainLabels);
            File.Delete(path);
            System.IO.Directory.CreateDirectory(path);
            return new ArrangedCase(folder.Settings($"--Data:Directory={data}"), [path, "is a directory"]);
        });
        yield return new MalformedInputCase(Area, "idx-unreadable-file", ExitCodes.InvalidInput, folder =>
        {
            string data = folder.Data();
            string path = System.IO.Path.Combine(data, TestImages);
            FilePermissions.Set(path, UnixFileMode.None);
            return new ArrangedCase(folder.Settings($"--Data:Directory={data}"), [path, "permission denied"])
            {
                Start = new WorkerStart { WithoutPermissionOverride = true },
            };
        });
    }

    private static IEnumerable<MalformedInputCase> WeightsFiles()
    {
        const string Area = "weights (Model:InitFrom)";
        yield return WeightsCase(Area, "weights-missing-file", "file not found", (folder, path) => File.Delete(path));
        yield return WeightsCase(Area, "weights-not-a-zip", "not a zip archive", (folder, path) => File.WriteAllText(path, "c1_kernel = [0.1, 0.2]\n"));
        yield return WeightsCase(Area, "weights-truncated-zip", "truncated or corrupt zip", (folder, path) => File.WriteAllBytes(path, WeightsZip()[..20_000]));
        yield return WeightsCase(Area, "weights-missing-array", "'out_bias': missing array", Entries(entries => entries.Remove("out_bias.npy")));
        yield return WeightsCase(Area, "weights-extra-array", "'learning_rate': unexpected array",
            Entries(entries => entries["learning_rate.npy"] = NpyBytes.Npy(NpyBytes.Dict("<f4", "(1,)"), NpyBytes.Float32LittleEndian([0.1f]))));
        yield return WeightsCase(Area, "weights-wrong-shape", "'c1_kernel': shape (6, 1, 3, 3), expected (6, 1, 5, 5)",
            Entries(entries => entries["c1_kernel.npy"] = NpyBytes.Npy(NpyBytes.Dict("<f4", "(6, 1, 3, 3)"), new byte[6 * 9 * 4])));
        yield return WeightsCase(Area, "weights-wrong-dtype", "'out_bias': unsupported dtype '<i8'",
            Entries(entries => entries["out_bias.npy"] = NpyBytes.Npy(NpyBytes.Dict("<i8", "(10,)"), new byte[10 * 8])));
        yield return WeightsCase(Area, "weights-big-endian", "'f6_bias': big-endian dtype '>f4'",
            Entries(entries => entries["f6_bias.npy"] = NpyBytes.Npy(NpyBytes.Dict(">f4", "(84,)"), new byte[84 * 4])));
        yield return WeightsCase(Area, "weights-fortran-order", "'c3_kernel': Fortran order",
            Entries(entries => entries["c3_kernel.npy"] = NpyBytes.Npy(NpyBytes.Dict("<f4", "(16, 6, 5, 5)", "True"), new byte[16 * 6 * 25 * 4])));
        yield return WeightsCase(Area, "weights-nan", "'c5_bias': NaN at index [3]",
            (folder, path) => File.WriteAllBytes(path, WeightsZip(parameters => parameters[ParameterOffset("c5_bias") + 3] = float.NaN)));
        yield return WeightsCase(Area, "weights-infinity", "'out_weights': +infinity at index [0, 0]",
            (folder, path) => File.WriteAllBytes(path, WeightsZip(parameters => parameters[ParameterOffset("out_weights")] = float.PositiveInfinity)));
        yield return WeightsCase(Area, "weights-pickled-object-array", "object arrays are pickled",
            Entries(entries => entries["f6_weights.npy"] = NpyBytes.Npy(NpyBytes.Dict("|O", "(84, 120)"), "\u0080\u0004cposix\nsystem\n"u8.ToArray())));
        yield return new MalformedInputCase(Area, "weights-unreadable-file", ExitCodes.InvalidInput, folder =>
        {
            string path = folder.Write("init.npz", WeightsZip());
            FilePermissions.Set(path, UnixFileMode.None);
            return new ArrangedCase(folder.Settings($"--Model:InitFrom={path}"), [path, "cannot be read"])
            {
                Start = new WorkerStart { WithoutPermissionOverride = true },
            };
        });
        yield return WeightsCase(Area, "weights-path-is-a-directory", "is a directory", (folder, path) =>
        {
            File.Delete(path);
            System.IO.Directory.CreateDirectory(path);
        });
    }

    private static IEnumerable<MalformedInputCase> Checkpoints()
    {
        const string Area = "checkpoint (Checkpoint:ResumeFrom)";
        yield return CheckpointCase(Area, "checkpoint-missing-file", ["file not found"], (folder, path) => File.Delete(path));
        yield return CheckpointCase(Area, "checkpoint-not-a-zip", ["not a zip archive"], (folder, path) => File.WriteAllBytes(path, new byte[4096]));
        yield return CheckpointCase(Area, "checkpoint-truncated-zip", ["truncated or corrupt zip"],
            (folder, path) => File.WriteAllBytes(path, folder.Ground.EarlierRun["checkpoint.npz"][..100_000]));
        yield return CheckpointCase(Area, "checkpoint-missing-array", ["'velocity': missing array"],
            CheckpointEntries(entries => entries.Remove("velocity.npy")));
        yield return CheckpointCase(Area, "checkpoint-nan-in-weights", ["'parameters': element 0 is NaN"], CheckpointEntries(entries =>
        {
            entries["parameters.npy"] = WithFloat(entries["parameters.npy"], 0, float.NaN);
        }));
        yield return CheckpointCase(Area, "checkpoint-infinity-in-momentum", ["'velocity': element 7 is -Infinity"], CheckpointEntries(entries =>
        {
            entries["velocity.npy"] = WithFloat(entries["velocity.npy"], 7, float.NegativeInfinity);
        }));
        yield return CheckpointCase(Area, "checkpoint-future-format-version", ["format version 2 is not supported"], CheckpointEntries(entries =>
        {
            entries["format_version.npy"] = NpyBytes.Npy(NpyBytes.Dict("<i8", "(1,)"), BitConverter.GetBytes(2L));
        }));
        yield return CheckpointCase(Area, "checkpoint-is-a-weights-file", ["'format_version': missing array"],
            (folder, path) => File.WriteAllBytes(path, folder.Ground.EarlierRun["model.npz"]));
        yield return CheckpointCase(Area, "checkpoint-other-configuration", ["Training:Seed is 2 but the checkpoint has 1"],
            (folder, path) => { }, "--Training:Seed=2");
        yield return CheckpointCase(Area, "checkpoint-position-tampered", ["does not fit"], CheckpointEntries(entries =>
        {
            // Epoch 2, batch 0, but 4 updates where 8 batches per epoch make 8: the run must not wait for them forever.
            entries["position.npy"] = NpyBytes.Npy(NpyBytes.Dict("<i8", "(5,)"), Int64LittleEndian([2, 0, 4, 0, 0]));
        }));
        yield return new MalformedInputCase(Area, "checkpoint-resumed-on-other-data", ExitCodes.InvalidInput, folder =>
        {
            string path = folder.Write("checkpoint.npz", folder.Ground.EarlierRun["checkpoint.npz"]);
            string smaller = folder.Ground.CopyData(folder.Path("data"), train: 128);
            return new ArrangedCase(
                folder.Settings("--Training:Epochs=2", $"--Checkpoint:ResumeFrom={path}", $"--Data:Directory={smaller}"),
                [path, "does not fit"]);
        });
    }

    private static IEnumerable<MalformedInputCase> Settings()
    {
        const string Area = "settings";
        // Zero is left out where it is a documented value (0 = all, no momentum, no decay, seed 0, no shift,
        // processor count, no periodic checkpoints): AcceptedSettingTests shows those train.
        (string Key, string? Zero, string Huge)[] numeric =
        [
            ("Data:TrainLimit", null, "2147483647"),
            ("Data:TestLimit", null, "2147483647"),
            ("Data:DownloadTimeoutSeconds", "0", "2147483647"),
            ("Training:Epochs", "0", "2147483647"),
            ("Training:BatchSize", "0", "2147483647"),
            ("Training:LearningRate", "0", "1e308"),
            ("Training:Momentum", null, "1e308"),
            ("Training:WeightDecay", null, "1e308"),
            ("Training:LearningRateDropEpochs:0", "0", "2147483647"),
            ("Training:LearningRateDropFactor", "0", "1e308"),
            ("Training:Seed", null, "18446744073709551616"),
            ("Training:MaxShift", null, "2147483647"),
            ("Training:DivergenceLoss", "0", "1e308"),
            ("Pipeline:ComputeParallelism", null, "2147483647"),
            ("Pipeline:SliceSize", "0", "2147483647"),
            ("Pipeline:BoundedCapacity", "0", "2147483647"),
            ("Checkpoint:EveryBatches", null, "2147483648"),
            ("Progress:IntervalSeconds", "0", "1e308"),
        ];
        foreach ((string key, string? zero, string huge) in numeric)
        {
            string name = key.Replace(":0", "", StringComparison.Ordinal).Replace(':', '-');
            if (zero is not null)
            {
                yield return SettingCase(Area, $"{name}-zero", key, zero);
            }
            yield return SettingCase(Area, $"{name}-negative", key, "-1");
            yield return SettingCase(Area, $"{name}-nan", key, "NaN");
            yield return SettingCase(Area, $"{name}-huge", key, huge);
        }
        yield return SettingCase(Area, "Data-Dataset-unknown", "Data:Dataset", "cifar10");
        yield return SettingCase(Area, "Data-Mirrors-not-http", "Data:Mirrors:0", "ftp://example.org/mnist/", mention: "Data:Mirrors");
        yield return SettingCase(Area, "Training-Shuffle-not-boolean", "Training:Shuffle", "sometimes");
        yield return SettingCase(Area, "Training-unknown-key", "Training:Epoch", "3");
        yield return SettingCase(Area, "Profile-missing", "Profile", "fast");
        yield return new MalformedInputCase(Area, "two-sections-invalid", ExitCodes.InvalidConfiguration, folder =>
            new ArrangedCase(folder.Settings("--Training:BatchSize=0", "--Pipeline:SliceSize=0"), ["Training:BatchSize", "allowed 1 to 60000"]));
        yield return new MalformedInputCase(Area, "settings-file-not-json", ExitCodes.InvalidConfiguration, folder =>
        {
            string config = folder.Path("config");
            System.IO.Directory.CreateDirectory(config);
            string settings = System.IO.Path.Combine(config, "appsettings.json");
            File.WriteAllText(settings, File.ReadAllText(System.IO.Path.Combine(RepositoryPaths.Root, "config", "appsettings.json"))
                .Replace("\"Epochs\": 15,", "\"Epochs\": 15", StringComparison.Ordinal));
            return new ArrangedCase(folder.Settings(), [settings, "LineNumber"]) { Start = new WorkerStart { WorkingDirectory = folder.Directory } };
        });
    }

    private static IEnumerable<MalformedInputCase> Places()
    {
        const string Area = "output directory";
        yield return new MalformedInputCase(Area, "output-directory-not-writable", ExitCodes.InvalidConfiguration, folder =>
        {
            FilePermissions.Set(folder.Output, FilePermissions.ReadOnlyDirectory);
            return new ArrangedCase(folder.Settings(), ["Output:Directory=" + folder.Output, "cannot create or write"])
            {
                Start = new WorkerStart { WithoutPermissionOverride = true },
            };
        });
        yield return new MalformedInputCase(Area, "output-directory-is-a-file", ExitCodes.InvalidConfiguration, folder =>
        {
            string file = System.IO.Path.Combine(folder.Output, "model.npz");
            return new ArrangedCase(folder.Settings($"--Output:Directory={file}"), ["Output:Directory=" + file]);
        });
        yield return new MalformedInputCase(Area, "output-directory-under-a-file", ExitCodes.InvalidConfiguration, folder =>
        {
            string below = System.IO.Path.Combine(folder.Output, "model.npz", "run2");
            return new ArrangedCase(folder.Settings($"--Output:Directory={below}"), ["Output:Directory=" + below]);
        });
        yield return new MalformedInputCase(Area, "data-directory-is-a-file", ExitCodes.InvalidInput, folder =>
        {
            string file = System.IO.Path.Combine(folder.Output, "metrics.csv");
            return new ArrangedCase(folder.Settings($"--Data:Directory={file}"), [file, "Data:Directory must be a directory"]);
        });
    }

    private const uint IdxMagicLabels = 0x00000801;

    private static MalformedInputCase DataCase(string area, string name, string file, string problem, Func<byte[], CaseFolder, byte[]> damage,
        WorkerStart? start = null, (string File, Func<byte[], byte[]> Damage)? alsoDamage = null) =>
        new(area, name, ExitCodes.InvalidInput, folder =>
        {
            string data = folder.Data();
            string path = System.IO.Path.Combine(data, file);
            File.WriteAllBytes(path, damage(File.ReadAllBytes(path), folder));
            if (alsoDamage is { } other)
            {
                string otherPath = System.IO.Path.Combine(data, other.File);
                File.WriteAllBytes(otherPath, other.Damage(File.ReadAllBytes(otherPath)));
            }
            return new ArrangedCase(folder.Settings($"--Data:Directory={data}"), [path, problem]) { Start = start ?? new WorkerStart() };
        });

    /// <summary>The file replaced by "name.gz" holding <paramref name="content"/> of the original bytes.</summary>
    private static MalformedInputCase GzipCase(string area, string name, string file, string problem, Func<byte[], byte[]> content, WorkerStart? start = null) =>
        new(area, name, ExitCodes.InvalidInput, folder =>
        {
            string data = folder.Data();
            string raw = System.IO.Path.Combine(data, file);
            byte[] original = File.ReadAllBytes(raw);
            File.Delete(raw);
            string gz = raw + ".gz";
            File.WriteAllBytes(gz, content(original));
            return new ArrangedCase(folder.Settings($"--Data:Directory={data}"), [gz, problem]) { Start = start ?? new WorkerStart() };
        });

    private static MalformedInputCase WeightsCase(string area, string name, string problem, Action<CaseFolder, string> damage) =>
        new(area, name, ExitCodes.InvalidInput, folder =>
        {
            string path = folder.Write("init.npz", WeightsZip());
            damage(folder, path);
            return new ArrangedCase(folder.Settings($"--Model:InitFrom={path}"), [path, problem]);
        });

    private static MalformedInputCase CheckpointCase(string area, string name, string[] problem, Action<CaseFolder, string> damage, params string[] settings) =>
        new(area, name, ExitCodes.InvalidInput, folder =>
        {
            string path = folder.Write("checkpoint.npz", folder.Ground.EarlierRun["checkpoint.npz"]);
            damage(folder, path);
            return new ArrangedCase(folder.Settings(["--Training:Epochs=2", $"--Checkpoint:ResumeFrom={path}", .. settings]), [path, .. problem]);
        });

    private static MalformedInputCase SettingCase(string area, string name, string key, string value, string? mention = null) =>
        new(area, name, ExitCodes.InvalidConfiguration, folder =>
            new ArrangedCase(folder.Settings($"--{key}={value}"), [$"invalid setting {mention ?? key}"]));

    private static Action<CaseFolder, string> Entries(Action<Dictionary<string, byte[]>> change) => (folder, path) =>
    {
        Dictionary<string, byte[]> entries = NpyBytes.WeightEntries(NpyBytes.SampleParameters(), float64: false);
        change(entries);
        File.WriteAllBytes(path, NpyBytes.Zip(entries));
    };

    private static Action<CaseFolder, string> CheckpointEntries(Action<Dictionary<string, byte[]>> change) => (folder, path) =>
    {
        Dictionary<string, byte[]> entries = ZipEntries(folder.Ground.EarlierRun["checkpoint.npz"]);
        change(entries);
        File.WriteAllBytes(path, NpyBytes.Zip(entries));
    };

    public static Dictionary<string, byte[]> ZipEntries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var entries = new Dictionary<string, byte[]>();
        foreach (ZipArchiveEntry entry in archive.Entries)
        {
            using Stream stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            entries[entry.FullName] = copy.ToArray();
        }
        return entries;
    }

    private static byte[] WeightsZip(Action<float[]>? change = null)
    {
        float[] parameters = NpyBytes.SampleParameters();
        change?.Invoke(parameters);
        return NpyBytes.Zip(NpyBytes.WeightEntries(parameters, float64: false));
    }

    private static int ParameterOffset(string tensor) => LeNetPipeline.Model.ParameterLayout.Find(tensor)!.Offset;

    /// <summary>An .npy with element <paramref name="index"/> of its float32 data replaced; the data ends the file.</summary>
    private static byte[] WithFloat(byte[] npy, int index, float value)
    {
        int dataStart = 10 + BinaryPrimitives.ReadUInt16LittleEndian(npy.AsSpan(8));
        byte[] copy = [.. npy];
        BinaryPrimitives.WriteSingleLittleEndian(copy.AsSpan(dataStart + (index * 4)), value);
        return copy;
    }

    private static byte[] Int64LittleEndian(long[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();

    private static byte[] WithUInt32(byte[] bytes, int offset, uint value)
    {
        byte[] copy = [.. bytes];
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(offset), value);
        return copy;
    }

    private static byte[] WithByte(byte[] bytes, int offset, byte value)
    {
        byte[] copy = [.. bytes];
        copy[offset] = value;
        return copy;
    }

    private static byte[] IdxBytesGzip(byte[] content) => Data.IdxBytes.Gzip(content);
}
