// What every reliability case stands on: a small real data set (the first 256 training and 64 test images of
// MNIST, as IDX files a user could bring) and the outputs of an earlier real run (model.npz, metrics.csv,
// summary.json, checkpoint.npz), which cases put in their output directory and must leave byte for byte.
using System.Buffers.Binary;
using LeNetPipeline.Tests.Data;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Reliability;

internal sealed class ReliabilityGround
{
    public const int TrainSamples = 256;
    public const int TestSamples = 64;
    public const int BatchSize = 32;
    public const int BatchesPerEpoch = TrainSamples / BatchSize;

    public static readonly string[] DataFiles = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    private static readonly Lazy<Task<ReliabilityGround>> Shared = new(CreateAsync);
    private int _cases;

    private ReliabilityGround(string root) => Root = root;

    /// <summary>The temporary folder holding everything the suite writes; shown as $TMP in the documentation.</summary>
    public string Root { get; }

    public string DataDirectory => Path.Combine(Root, "data");

    /// <summary>File name to content, as an earlier run left them in its output directory.</summary>
    public IReadOnlyDictionary<string, byte[]> EarlierRun { get; private set; } = new Dictionary<string, byte[]>();

    public string EarlierCheckpoint => Path.Combine(Root, "earlier-run", "checkpoint.npz");

    public static Task<ReliabilityGround> GetAsync() => Shared.Value;

    /// <summary>The settings of every case: the small data, batches of 32, quiet progress, outputs in <paramref name="output"/>.</summary>
    public string[] Settings(string output, int epochs = 1, string? data = null) =>
    [
        $"--Data:Directory={data ?? DataDirectory}",
        $"--Training:BatchSize={BatchSize}",
        $"--Training:Epochs={epochs}",
        "--Progress:IntervalSeconds=60",
        $"--Output:Directory={output}",
    ];

    /// <summary>A fresh, uniquely numbered folder for one case or trial.</summary>
    public string NewDirectory(string name)
    {
        string path = Path.Combine(Root, $"{Interlocked.Increment(ref _cases):D3}-{name}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>An output directory holding the earlier run's files, as a user's runs/latest would.</summary>
    public string OutputWithEarlierRun(string parent)
    {
        string output = Path.Combine(parent, "out");
        Directory.CreateDirectory(output);
        foreach ((string name, byte[] content) in EarlierRun)
        {
            File.WriteAllBytes(Path.Combine(output, name), content);
        }
        return output;
    }

    /// <summary>A copy of the small data set in <paramref name="directory"/>, with <paramref name="train"/> and
    /// <paramref name="test"/> samples (at most the full small set), for a case to damage or change.</summary>
    public string CopyData(string directory, int train = TrainSamples, int test = TestSamples)
    {
        Directory.CreateDirectory(directory);
        WritePrefix(DataDirectory, directory, train, test);
        return directory;
    }

    /// <summary>The small data set's own bytes of one of the four files.</summary>
    public byte[] DataFile(string name) => File.ReadAllBytes(Path.Combine(DataDirectory, name));

    /// <summary>Replaces the Root folder and the folders' sequence numbers in text by $TMP, the repository's
    /// folder by $ROOT, and the system's temporary folder (where the worker makes its own scratch folders) by
    /// $TMPDIR, so what a run printed reads the same on every machine and in every order the tests run.</summary>
    public string Portable(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, System.Text.RegularExpressions.Regex.Escape(Root) + @"/(\d{3}-)?", "$$TMP/")
            .Replace(RepositoryPaths.Root + "/", "$ROOT/", StringComparison.Ordinal)
            .Replace(Path.GetTempPath(), "$TMPDIR/", StringComparison.Ordinal);

    private static async Task<ReliabilityGround> CreateAsync()
    {
        // The real files come through the fetch chain once (MnistFixture); the small set is their first samples.
        await new MnistFixture().InitializeAsync();
        var ground = new ReliabilityGround(Directory.CreateTempSubdirectory("lenet-reliability-").FullName);
        Directory.CreateDirectory(ground.DataDirectory);
        WritePrefix(MnistFixture.DataDirectory, ground.DataDirectory, TrainSamples, TestSamples);

        string earlier = Path.Combine(ground.Root, "earlier-run");
        WorkerResult run = await WorkerProcess.RunAsync(ground.Settings(earlier), TimeSpan.FromMinutes(3));
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"the earlier run every case relies on failed: {run}");
        }
        ground.EarlierRun = Directory.EnumerateFiles(earlier).ToDictionary(path => Path.GetFileName(path), File.ReadAllBytes);
        return ground;
    }

    private static void WritePrefix(string source, string destination, int train, int test)
    {
        foreach (string name in DataFiles)
        {
            bool images = name.Contains("images", StringComparison.Ordinal);
            int count = name.StartsWith("train", StringComparison.Ordinal) ? train : test;
            int headerLength = images ? 16 : 8;
            int itemLength = images ? 28 * 28 : 1;
            using FileStream input = File.OpenRead(Path.Combine(source, name));
            byte[] bytes = new byte[headerLength + (count * itemLength)];
            input.ReadExactly(bytes);
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), (uint)count);
            File.WriteAllBytes(Path.Combine(destination, name), bytes);
        }
    }
}
