// The folder source's decode cache: a second load of an unchanged folder reads the cached IDX pair instead of
// decoding, and gives the same samples; a changed file changes the key, so that load decodes again and sees it.
// Also the split: without train/ and test/, the same files and seed always hold out the same samples.
using LeNetPipeline.Data;
using LeNetPipeline.Tests.Commands;
using LeNetPipeline.Tests.Data;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.OwnData;

[Collection(MnistCollection.Name)]
public sealed class FolderCacheTests(MnistFixture mnist) : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task An_unchanged_folder_loads_from_the_cache_and_a_changed_one_is_decoded_again()
    {
        string folder = _directory.File("digits");
        OwnDataFiles.WriteFolder(OwnDataFiles.OrderedByClass(mnist.Train, 300), folder);

        (LabelledImages firstTrain, LabelledImages firstTest, ListLogger<DatasetProvider> first) = await LoadAsync(folder);
        (LabelledImages secondTrain, LabelledImages secondTest, ListLogger<DatasetProvider> second) = await LoadAsync(folder);

        Assert.Contains(first.Entries, e => e.Message.Contains("decoded 300 images from 300 files", StringComparison.Ordinal));
        Assert.Contains(second.Entries, e => e.Message.Contains("300 images from the decode cache", StringComparison.Ordinal));
        Assert.Equal(firstTrain.Pixels, secondTrain.Pixels);
        Assert.Equal(firstTrain.Labels, secondTrain.Labels);
        Assert.Equal(firstTest.Labels, secondTest.Labels);

        string changed = Directory.GetFiles(Path.Combine(folder, "0")).Order(StringComparer.Ordinal).First();
        File.WriteAllBytes(changed, DigitFiles.Png(DigitFiles.Mnist(mnist.Train.Image(3))));
        (LabelledImages thirdTrain, _, ListLogger<DatasetProvider> third) = await LoadAsync(folder);

        Assert.Contains(third.Entries, e => e.Message.Contains("decoded 300 images from 300 files", StringComparison.Ordinal));
        Assert.NotEqual(firstTrain.Pixels, thirdTrain.Pixels);
    }

    [Fact]
    public async Task The_held_out_split_is_stratified_and_the_same_for_the_same_files_and_seed()
    {
        string folder = _directory.File("digits");
        OwnDataFiles.WriteFolder(OwnDataFiles.OrderedByClass(mnist.Train, 400), folder);

        (LabelledImages train, LabelledImages test, _) = await LoadAsync(folder);
        (LabelledImages again, LabelledImages testAgain, _) = await LoadAsync(folder);

        Assert.Equal(400, train.Count + test.Count);
        Assert.Equal(train.Pixels, again.Pixels);
        Assert.Equal(test.Pixels, testAgain.Pixels);
        for (int c = 0; c < 10; c++)
        {
            int all = train.Labels.Count(l => l == c) + test.Labels.Count(l => l == c);
            Assert.Equal((int)Math.Round(all * 0.1, MidpointRounding.AwayFromZero), test.Labels.Count(l => l == c));
        }
    }

    private static async Task<(LabelledImages Train, LabelledImages Test, ListLogger<DatasetProvider> Log)> LoadAsync(string folder)
    {
        var log = new ListLogger<DatasetProvider>();
        (LabelledImages train, LabelledImages test) = await new DatasetProvider(log).LoadAsync(DataSourceSettings.For("folder", folder), CancellationToken.None);
        return (train, test, log);
    }
}
