// Settings of section "Data": which data set, where its files live, how much of it to use, and how the user's own
// images are split and prepared. ToSource resolves them into the loaders' DataSourceSettings, the one place that
// happens, so training and every command read the same files.
using LeNetPipeline.Data;
using Microsoft.Extensions.Options;

namespace LeNetPipeline.Worker.Options;

public sealed class DataOptions
{
    public const string Section = "Data";

    /// <summary>mnist | fashion-mnist | idx | folder | csv.</summary>
    public string Dataset { get; set; } = "mnist";

    /// <summary>mnist, fashion-mnist: where the IDX files are looked for and stored; empty means data/&lt;Dataset&gt;.
    /// folder: the folder of class directories (or of train/ and test/).</summary>
    public string Directory { get; set; } = "";

    /// <summary>idx: the training images and labels files.</summary>
    public string TrainImages { get; set; } = "";

    public string TrainLabels { get; set; } = "";

    /// <summary>idx: the test images and labels files; both empty means Data:TestFraction of the training pair.</summary>
    public string TestImages { get; set; } = "";

    public string TestLabels { get; set; } = "";

    /// <summary>csv: the training file (label,pixel0,...).</summary>
    public string TrainCsv { get; set; } = "";

    /// <summary>csv: the test file; empty means Data:TestFraction of the training file.</summary>
    public string TestCsv { get; set; } = "";

    /// <summary>idx, folder, csv without a test part: the share of each class held out for testing.</summary>
    public double TestFraction { get; set; } = 0.1;

    /// <summary>The seed of that hold-out (the same seed and files always hold out the same samples).</summary>
    public ulong SplitSeed { get; set; } = 1;

    /// <summary>idx, folder, csv: auto (predict's preparation: grey, light on dark, fitted into 28x28) | none.</summary>
    public string Preprocess { get; set; } = "auto";

    /// <summary>Training samples used, 0 = all.</summary>
    public int TrainLimit { get; set; }

    /// <summary>Test samples used, 0 = all.</summary>
    public int TestLimit { get; set; }

    /// <summary>HTTP mirrors of the .gz files, tried in order; empty means the built-in list.</summary>
    public string[] Mirrors { get; set; } = [];

    public int DownloadTimeoutSeconds { get; set; } = 60;

    /// <summary>Whether the data is the user's own (idx, folder, csv) rather than a catalogue data set.</summary>
    public bool IsOwnData => Dataset is DataSourceSettings.Idx or DataSourceSettings.Folder or DataSourceSettings.Csv;

    /// <summary>The loaders' settings, every path resolved by <paramref name="resolve"/> (against the content root).</summary>
    public DataSourceSettings ToSource(Func<string, string> resolve)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        string Path(string setting) => string.IsNullOrWhiteSpace(setting) ? "" : resolve(setting);
        string directory = string.IsNullOrWhiteSpace(Directory) && !IsOwnData ? resolve(System.IO.Path.Combine("data", Dataset)) : Path(Directory);
        return new DataSourceSettings(Dataset, directory, Mirrors, TimeSpan.FromSeconds(DownloadTimeoutSeconds))
        {
            TrainImages = Path(TrainImages),
            TrainLabels = Path(TrainLabels),
            TestImages = Path(TestImages),
            TestLabels = Path(TestLabels),
            TrainCsv = Path(TrainCsv),
            TestCsv = Path(TestCsv),
            TestFraction = TestFraction,
            SplitSeed = SplitSeed,
            Preprocess = Preprocess == "none" ? ImagePreprocessing.None : ImagePreprocessing.Auto,
        };
    }
}

internal sealed class DataOptionsValidator : IValidateOptions<DataOptions>
{
    public ValidateOptionsResult Validate(string? name, DataOptions options)
    {
        var checks = new SettingChecks(DataOptions.Section);
        checks.OneOf(nameof(options.Dataset), options.Dataset, "mnist", "fashion-mnist", DataSourceSettings.Idx, DataSourceSettings.Folder, DataSourceSettings.Csv);
        checks.OneOf(nameof(options.Preprocess), options.Preprocess, "auto", "none");
        // The catalogue data sets have 60,000 and 10,000 samples; the user's own data may have any number.
        checks.Range(nameof(options.TrainLimit), options.TrainLimit, 0, options.IsOwnData ? int.MaxValue : 60_000);
        checks.Range(nameof(options.TestLimit), options.TestLimit, 0, options.IsOwnData ? int.MaxValue : 10_000);
        checks.Range(nameof(options.TestFraction), options.TestFraction, 0.0, 0.9);
        checks.Range(nameof(options.DownloadTimeoutSeconds), options.DownloadTimeoutSeconds, 1, 3600);
        switch (options.Dataset)
        {
            case DataSourceSettings.Idx:
                Present(checks, nameof(options.TrainImages), options.TrainImages, "Data:Dataset=idx reads its training images from this IDX file");
                Present(checks, nameof(options.TrainLabels), options.TrainLabels, "Data:Dataset=idx reads its training labels from this IDX file");
                checks.Require(string.IsNullOrWhiteSpace(options.TestImages) == string.IsNullOrWhiteSpace(options.TestLabels),
                    nameof(options.TestImages), options.TestImages, "Data:TestImages and Data:TestLabels are given together or not at all");
                break;
            case DataSourceSettings.Folder:
                Present(checks, nameof(options.Directory), options.Directory, "Data:Dataset=folder reads the class directories under this folder");
                break;
            case DataSourceSettings.Csv:
                Present(checks, nameof(options.TrainCsv), options.TrainCsv, "Data:Dataset=csv reads its training images from this CSV file");
                break;
        }
        foreach (string mirror in options.Mirrors)
        {
            bool ok = Uri.TryCreate(mirror, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
            checks.Require(ok, nameof(options.Mirrors), mirror, "each mirror is an absolute http(s) URL");
        }
        return checks.Result();
    }

    private static void Present(SettingChecks checks, string key, string value, string why) =>
        checks.Require(!string.IsNullOrWhiteSpace(value), key, value, why);
}
