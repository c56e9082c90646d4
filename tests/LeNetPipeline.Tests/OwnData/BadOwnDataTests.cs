// Bad input in the user's own data, case by case: what is an error (exit 3, a first line naming the file and the
// row or entry, previous outputs left as they were) and what is a warning that skips the file (the run goes on
// with the rest). docs/your-own-data.md lists the same decisions.
using System.Globalization;
using System.Text;
using System.Text.Json;
using LeNetPipeline.Data;
using LeNetPipeline.Model;
using LeNetPipeline.Tests.Commands;
using LeNetPipeline.Tests.Data;
using LeNetPipeline.Weights;
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.OwnData;

public sealed class BadOwnDataTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_file_that_is_not_an_image_is_skipped_and_training_goes_on()
    {
        string folder = Folder(("a", 10), ("b", 10));
        File.WriteAllText(Path.Combine(folder, "a", "notes.txt"), "not an image");

        (CommandResult result, string output) = await TrainAsync("--Data:Dataset=folder", $"--Data:Directory={folder}");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Errors);
        Assert.Equal(18, TrainSamples(output));
    }

    [Fact]
    public async Task An_image_with_nothing_on_it_is_skipped_and_training_goes_on()
    {
        string folder = Folder(("a", 10), ("b", 10));
        File.WriteAllBytes(Path.Combine(folder, "b", "blank.png"), DigitFiles.Png(new Grey(40, 40, Enumerable.Repeat((byte)255, 1600).ToArray())));

        (CommandResult result, string output) = await TrainAsync("--Data:Dataset=folder", $"--Data:Directory={folder}");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Errors);
        Assert.Equal(18, TrainSamples(output));
    }

    [Fact]
    public async Task An_image_that_does_not_decode_is_an_error_naming_the_file()
    {
        string folder = Folder(("a", 3), ("b", 3));
        string broken = Path.Combine(folder, "b", "broken.png");
        File.WriteAllBytes(broken, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]);

        await AssertRejectedAsync($"error: {broken}: not a valid PNG image", "--Data:Dataset=folder", $"--Data:Directory={folder}");
    }

    [Fact]
    public async Task An_empty_class_directory_is_an_error()
    {
        string folder = Folder(("a", 3), ("b", 3));
        Directory.CreateDirectory(Path.Combine(folder, "c"));

        await AssertRejectedAsync($"error: {Path.Combine(folder, "c")}: class directory without files", "--Data:Dataset=folder", $"--Data:Directory={folder}");
    }

    [Fact]
    public async Task A_single_class_is_an_error()
    {
        string folder = Folder(("a", 3));

        await AssertRejectedAsync($"error: {folder}: has a single class directory 'a'", "--Data:Dataset=folder", $"--Data:Directory={folder}");
    }

    [Fact]
    public async Task A_class_in_test_but_not_in_train_is_an_error()
    {
        string folder = _directory.File("parts");
        Folder(Path.Combine(folder, "train"), ("a", 3), ("b", 3));
        Folder(Path.Combine(folder, "test"), ("a", 1), ("z", 1));

        await AssertRejectedAsync($"error: {Path.Combine(folder, "test", "z")}: class 'z' is in the test part but not in the training part",
            "--Data:Dataset=folder", $"--Data:Directory={folder}");
    }

    [Fact]
    public async Task Class_names_differing_only_in_case_are_an_error()
    {
        string folder = Folder(("A", 3), ("a", 3), ("b", 3));

        await AssertRejectedAsync($"error: {folder}: class directories 'A' and 'a' differ only in case", "--Data:Dataset=folder", $"--Data:Directory={folder}");
    }

    [Fact]
    public async Task A_csv_row_with_the_wrong_column_count_is_an_error_naming_the_line()
    {
        string csv = Csv(_directory.File("train.csv"), Rows(30), extra: "1,2,3\n");

        await AssertRejectedAsync($"error: {csv}: line 32: has 3 columns, the header has 785", "--Data:Dataset=csv", $"--Data:TrainCsv={csv}");
    }

    [Theory]
    [InlineData("x", "'x' is not a whole number 0..255")]
    [InlineData("256", "'256' is not a whole number 0..255")]
    [InlineData("-1", "'-1' is not a whole number 0..255")]
    [InlineData("", "is empty")]
    public async Task A_non_numeric_or_out_of_range_pixel_is_an_error_naming_line_and_column(string value, string problem)
    {
        string[] rows = Rows(6);
        string[] fields = rows[2].Split(',');
        fields[4] = value;
        rows[2] = string.Join(',', fields);
        string csv = Csv(_directory.File("train.csv"), rows);

        await AssertRejectedAsync($"error: {csv}: line 4: column pixel3: {problem}", "--Data:Dataset=csv", $"--Data:TrainCsv={csv}");
    }

    [Fact]
    public async Task A_held_out_split_that_rounds_to_nothing_is_an_error()
    {
        string folder = Folder(("a", 3), ("b", 3));

        await AssertRejectedAsync($"error: {folder}: the held-out test split is empty", "--Data:Dataset=folder", $"--Data:Directory={folder}");
    }

    [Fact]
    public async Task A_test_label_outside_the_training_classes_is_an_error_naming_the_line()
    {
        string train = Csv(_directory.File("train.csv"), Rows(6));
        string test = Csv(_directory.File("test.csv"), ["1," + string.Join(',', Enumerable.Repeat("9", 784)), "9," + string.Join(',', Enumerable.Repeat("9", 784))]);

        await AssertRejectedAsync($"error: {test}: line 3: label 9 is not a class of the training data (0..2)",
            "--Data:Dataset=csv", $"--Data:TrainCsv={train}", $"--Data:TestCsv={test}");
    }

    [Fact]
    public async Task A_test_csv_without_labels_is_refused_for_training()
    {
        string train = Csv(_directory.File("train.csv"), Rows(6));
        var unlabelled = new StringBuilder(string.Join(',', Enumerable.Range(0, 784).Select(p => $"pixel{p}")) + "\n");
        unlabelled.Append(string.Join(',', Enumerable.Repeat("7", 784))).Append('\n');
        string test = _directory.Write("test.csv", Encoding.ASCII.GetBytes(unlabelled.ToString()));

        await AssertRejectedAsync($"error: {test}: line 1: has no label column, so it cannot be scored",
            "--Data:Dataset=csv", $"--Data:TrainCsv={train}", $"--Data:TestCsv={test}");
    }

    [Fact]
    public async Task An_idx_test_label_outside_the_training_classes_is_an_error_naming_the_entry()
    {
        string trainImages = _directory.Write("train-images", IdxBytes.Images(4));
        string trainLabels = _directory.Write("train-labels", IdxBytes.Labels([0, 1, 0, 1]));
        string testImages = _directory.Write("test-images", IdxBytes.Images(2));
        string testLabels = _directory.Write("test-labels", IdxBytes.Labels([1, 2]));

        await AssertRejectedAsync($"error: {testLabels}: entry 1: label 2 is not a class of the training data (0..1)",
            "--Data:Dataset=idx", $"--Data:TrainImages={trainImages}", $"--Data:TrainLabels={trainLabels}",
            $"--Data:TestImages={testImages}", $"--Data:TestLabels={testLabels}");
    }

    [Fact]
    public async Task Resuming_a_checkpoint_on_data_with_other_classes_is_refused()
    {
        string folder = Folder(("a", 10), ("b", 10));
        (CommandResult first, string output) = await TrainAsync("--Data:Dataset=folder", $"--Data:Directory={folder}");
        Assert.True(first.ExitCode == ExitCodes.Success, first.Errors);
        string other = Folder(_directory.File("other"), ("a", 10), ("c", 10));
        string checkpoint = Path.Combine(output, "checkpoint.npz");

        CommandResult resumed = await CommandRunner.RunAsync("train", "--Data:Dataset=folder", $"--Data:Directory={other}",
            "--Training:Epochs=2", $"--Checkpoint:ResumeFrom={checkpoint}", $"--Output:Directory={_directory.File("resumed")}");

        Assert.Equal(ExitCodes.InvalidInput, resumed.ExitCode);
        Assert.StartsWith($"error: checkpoint {checkpoint} was written with other settings: the data's classes is 2 classes (a, c) but the checkpoint has 2 classes (a, b)",
            resumed.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluating_a_model_with_another_class_count_is_refused()
    {
        string weights = _directory.File("letters.npz");
        WeightsFile.Write(weights, ParameterInitializer.Create(1, ParameterLayout.For(26)), [.. Enumerable.Range(0, 26).Select(i => ((char)('A' + i)).ToString())]);

        CommandResult result = await CommandRunner.RunAsync("evaluate", $"--Evaluate:Weights={weights}", "--Data:TestLimit=16",
            $"--Output:Directory={_directory.File("evaluation")}");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.StartsWith($"error: {weights}: the model has 26 classes, but the data has 10 classes (0, 1, 2", result.Errors, StringComparison.Ordinal);
    }

    // Runs with previous outputs in place: a rejected run must leave them as they were.
    private async Task AssertRejectedAsync(string firstLine, params string[] data)
    {
        string output = Directory.CreateDirectory(_directory.File("previous")).FullName;
        File.WriteAllText(Path.Combine(output, "model.npz"), "previous model");
        File.WriteAllText(Path.Combine(output, "summary.json"), "previous summary");

        CommandResult result = await CommandRunner.RunAsync(["train", .. data, "--Training:Epochs=1", $"--Output:Directory={output}"]);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.StartsWith(firstLine, result.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.Errors.TrimEnd());
        Assert.Equal("previous model", File.ReadAllText(Path.Combine(output, "model.npz")));
        Assert.Equal("previous summary", File.ReadAllText(Path.Combine(output, "summary.json")));
    }

    private async Task<(CommandResult Result, string Output)> TrainAsync(params string[] data)
    {
        string output = _directory.File("run");
        return (await CommandRunner.RunAsync(["train", .. data, "--Training:Epochs=1", $"--Output:Directory={output}"]), output);
    }

    private static int TrainSamples(string output)
    {
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        return summary.RootElement.GetProperty("train_samples").GetInt32();
    }

    private string Folder(params (string Name, int Images)[] classes) => Folder(_directory.File("folder"), classes);

    // Each class's images are a bright square at a class-dependent place on a dark 28x28 field, with some noise.
    private static string Folder(string folder, params (string Name, int Images)[] classes)
    {
        for (int c = 0; c < classes.Length; c++)
        {
            string directory = Directory.CreateDirectory(Path.Combine(folder, classes[c].Name)).FullName;
            for (int i = 0; i < classes[c].Images; i++)
            {
                File.WriteAllBytes(Path.Combine(directory, $"{i:D3}.png"), DigitFiles.Png(Square(c, i)));
            }
        }
        return folder;
    }

    private static Grey Square(int c, int i)
    {
        byte[] pixels = new byte[28 * 28];
        int left = 4 + (4 * (c % 4)) + (i % 2), top = 6 + (i % 3);
        for (int y = top; y < top + 8; y++)
        {
            for (int x = left; x < left + 8; x++)
            {
                pixels[(y * 28) + x] = 255;
            }
        }
        return new Grey(28, 28, pixels);
    }

    // Rows of labels 0, 1, 2, ... (mod 3) with the square of their class.
    private static string[] Rows(int count) =>
        [.. Enumerable.Range(0, count).Select(i => (i % 3).ToString(CultureInfo.InvariantCulture) + "," + string.Join(',', Square(i % 3, i).Pixels))];

    private static string Csv(string path, string[] rows, string extra = "")
    {
        var csv = new StringBuilder("label," + string.Join(',', Enumerable.Range(0, 784).Select(p => $"pixel{p}")) + "\n");
        foreach (string row in rows)
        {
            csv.Append(row).Append('\n');
        }
        csv.Append(extra);
        File.WriteAllText(path, csv.ToString());
        return path;
    }
}
