// The folder source's benchmark: MNIST samples written as PNG class folders (train/ and test/) and, in the same
// order, as IDX pairs; then the folder's decode throughput (images/s, first run with no cache and second run from
// the cache) and training throughput from the folder against the idx source on the same samples, which must match
// within noise (both train from the same bytes in memory). Prints ONE JSON line.
//   dotnet bench/LeNetPipeline.Bench/bin/Release/net10.0/LeNetPipeline.Bench.dll folder --samples 20000 --epochs 2
using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LeNetPipeline.Bench.EndToEnd;
using LeNetPipeline.Data;
using LeNetPipeline.Model;
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Worker.Outputs;
using Microsoft.Extensions.Logging.Abstractions;
using SkiaSharp;
using LeNetPipeline.Worker.Options;

namespace LeNetPipeline.Bench.OwnData;

internal static class FolderSourceBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        int samples = IntArgument(args, "--samples", 20_000);
        int epochs = IntArgument(args, "--epochs", 2);
        string root = Directory.CreateTempSubdirectory("lenet-folder-bench-").FullName;
        try
        {
            string mnist = ContentRoot.Locate().Resolve(Path.Combine("data", "mnist"));
            (LabelledImages train, LabelledImages test) = await new DatasetProvider(NullLogger<DatasetProvider>.Instance)
                .LoadAsync(DataSourceSettings.For("mnist", mnist), CancellationToken.None);
            LabelledImages trainPart = ByClass(train, samples);
            LabelledImages testPart = ByClass(test, Math.Max(1, samples / 6));
            string folder = Path.Combine(root, "folder");
            WriteFolder(trainPart, Path.Combine(folder, "train"));
            WriteFolder(testPart, Path.Combine(folder, "test"));
            WriteIdx(trainPart, Path.Combine(root, "train-images"), Path.Combine(root, "train-labels"));
            WriteIdx(testPart, Path.Combine(root, "test-images"), Path.Combine(root, "test-labels"));
            int files = trainPart.Count + testPart.Count;

            var provider = new DatasetProvider(NullLogger<DatasetProvider>.Instance);
            DataSourceSettings settings = DataSourceSettings.For("folder", folder);
            var clock = Stopwatch.StartNew();
            await provider.LoadAsync(settings, CancellationToken.None);
            double first = files / clock.Elapsed.TotalSeconds;
            // Cached loads: the median of three, since one load is short enough for the machine's noise to swamp.
            var cachedTimes = new List<double>();
            for (int load = 0; load < 3; load++)
            {
                clock.Restart();
                await provider.LoadAsync(settings, CancellationToken.None);
                cachedTimes.Add(clock.Elapsed.TotalMilliseconds);
            }
            double cachedMilliseconds = Median(cachedTimes);
            double cached = files / (cachedMilliseconds / 1000);

            string[] common = ["--Checkpoint:EveryBatches=0", "--Progress:IntervalSeconds=3600", "--Logging:LogLevel:Default=Warning", $"--Training:Epochs={epochs}"];
            string[] fromFolder = [.. common, "--Data:Dataset=folder", $"--Data:Directory={folder}"];
            string[] fromIdx = [.. common, "--Data:Dataset=idx", $"--Data:TrainImages={root}/train-images", $"--Data:TrainLabels={root}/train-labels",
                $"--Data:TestImages={root}/test-images", $"--Data:TestLabels={root}/test-labels"];
            // Warm-up, then alternate the two sources so that the machine's drift touches both alike.
            await EndToEndBenchmark.TrainAsync([.. fromIdx, "--Training:Epochs=1"]);
            var folderRates = new List<double>();
            var idxRates = new List<double>();
            RunSummary? folderRun = null, idxRun = null;
            for (int round = 0; round < 3; round++)
            {
                folderRun = await EndToEndBenchmark.TrainAsync(fromFolder);
                folderRates.Add(folderRun.TrainSamplesPerSecond);
                idxRun = await EndToEndBenchmark.TrainAsync(fromIdx);
                idxRates.Add(idxRun.TrainSamplesPerSecond);
            }
            var result = new Dictionary<string, object>
            {
                ["files"] = files,
                ["cores"] = Environment.ProcessorCount,
                ["decode_images_per_second_first_run"] = Math.Round(first),
                ["decode_images_per_second_cached"] = Math.Round(cached),
                ["cached_load_ms"] = Math.Round(cachedMilliseconds, 1),
                ["train_samples_per_second_folder_median"] = Math.Round(Median(folderRates)),
                ["train_samples_per_second_idx_median"] = Math.Round(Median(idxRates)),
                ["train_samples_per_second_folder"] = folderRates.Select(r => Math.Round(r)).ToArray(),
                ["train_samples_per_second_idx"] = idxRates.Select(r => Math.Round(r)).ToArray(),
                ["same_weights"] = folderRun!.WeightsSha256 == idxRun!.WeightsSha256,
            };
            Console.WriteLine(JsonSerializer.Serialize(result));
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static LabelledImages ByClass(LabelledImages images, int count)
    {
        int[] order = [.. Enumerable.Range(0, Math.Min(count, images.Count)).OrderBy(i => images.Labels[i])];
        byte[] pixels = new byte[order.Length * ParameterLayout.ImagePixels];
        for (int k = 0; k < order.Length; k++)
        {
            images.Image(order[k]).CopyTo(pixels.AsSpan(k * ParameterLayout.ImagePixels));
        }
        return new LabelledImages(images.Name, pixels, [.. order.Select(i => images.Labels[i])], images.Classes);
    }

    private static void WriteFolder(LabelledImages images, string directory)
    {
        Parallel.For(0, images.Count, i =>
        {
            string classDirectory = Path.Combine(directory, images.Classes[images.Labels[i]]);
            Directory.CreateDirectory(classDirectory);
            using var bitmap = new SKBitmap(new SKImageInfo(28, 28, SKColorType.Gray8, SKAlphaType.Opaque));
            images.Image(i).CopyTo(bitmap.GetPixelSpan());
            using SKData png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(classDirectory, $"{i:D6}.png"), png.ToArray());
        });
    }

    private static void WriteIdx(LabelledImages images, string imagesPath, string labelsPath)
    {
        byte[] header = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(header, IdxFileReader.ImagesMagic);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)images.Count);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), 28);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(12), 28);
        File.WriteAllBytes(imagesPath, [.. header, .. images.Pixels]);
        BinaryPrimitives.WriteUInt32BigEndian(header, IdxFileReader.LabelsMagic);
        File.WriteAllBytes(labelsPath, [.. header[..8], .. images.Labels]);
    }

    private static int IntArgument(string[] args, string name, int fallback)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
