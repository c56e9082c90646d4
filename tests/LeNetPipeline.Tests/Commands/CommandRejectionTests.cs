// Bad input to evaluate and predict, run as real processes: the exit code of the outside contract (3 for a file,
// 2 for a setting or usage), one "error:" line that names the file or setting and the problem, and no stack trace
// after it.
using LeNetPipeline.Tests.Data;
using LeNetPipeline.Weights;
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Commands;

[Collection(CommandsCollection.Name)]
public class CommandRejectionTests(TrainedModelFixture model)
{
    [Theory]
    [InlineData("evaluate")]
    [InlineData("predict")]
    public async Task A_missing_weights_file_exits_3_naming_it(string command)
    {
        using var directory = new TemporaryDirectory();
        string missing = directory.File("no-such-model.npz");
        string digit = directory.Write("digit.pgm", PgmBytes(28, 28));

        CommandResult result = await RunAsync(command, $"--{Section(command)}:Weights={missing}", digit);

        AssertRejected(result, ExitCodes.InvalidInput, missing);
    }

    [Theory]
    [InlineData("evaluate")]
    [InlineData("predict")]
    public async Task An_image_given_as_the_weights_exits_3_naming_it(string command)
    {
        using var directory = new TemporaryDirectory();
        string notWeights = directory.Write("digit.pgm", PgmBytes(28, 28));

        CommandResult result = await RunAsync(command, $"--{Section(command)}:Weights={notWeights}", notWeights);

        AssertRejected(result, ExitCodes.InvalidInput, notWeights);
    }

    [Theory]
    [InlineData("evaluate")]
    [InlineData("predict")]
    public async Task Weights_without_the_LeNet_arrays_exit_3_naming_the_file_and_the_missing_array(string command)
    {
        using var directory = new TemporaryDirectory();
        string wrong = directory.File("other-model.npz");
        using (NpzWriter npz = NpzWriter.Create(wrong))
        {
            npz.Add("dense_kernel", [2, 2], new float[] { 1, 2, 3, 4 });
            npz.Commit();
        }
        string digit = directory.Write("digit.pgm", PgmBytes(28, 28));

        CommandResult result = await RunAsync(command, $"--{Section(command)}:Weights={wrong}", digit);

        AssertRejected(result, ExitCodes.InvalidInput, wrong);
        Assert.Contains("c1_kernel", result.ErrorLine());
    }

    [Fact]
    public async Task Predict_on_a_missing_image_exits_3_naming_it()
    {
        using var directory = new TemporaryDirectory();
        string missing = directory.File("seven.png");

        CommandResult result = await CommandRunner.RunProcessAsync("predict", missing, $"--Predict:Weights={model.ModelPath}");

        AssertRejected(result, ExitCodes.InvalidInput, missing);
        Assert.Contains("no such file", result.ErrorLine());
    }

    [Fact]
    public async Task Predict_on_a_file_that_is_not_an_image_exits_3_naming_it()
    {
        using var directory = new TemporaryDirectory();
        string text = directory.Write("seven.png", "this is not a picture\n"u8.ToArray());

        CommandResult result = await CommandRunner.RunProcessAsync("predict", text, $"--Predict:Weights={model.ModelPath}");

        AssertRejected(result, ExitCodes.InvalidInput, text);
        Assert.Contains("not a PNG, JPEG or PGM image", result.ErrorLine());
    }

    [Fact]
    public async Task Predict_on_a_truncated_PNG_exits_3_saying_truncated()
    {
        using var directory = new TemporaryDirectory();
        byte[] png = DigitFiles.Png(DigitFiles.Noise(64, 64, seed: 5));
        string truncated = directory.Write("cut.png", png[..(png.Length / 2)]);

        CommandResult result = await CommandRunner.RunProcessAsync("predict", truncated, $"--Predict:Weights={model.ModelPath}");

        AssertRejected(result, ExitCodes.InvalidInput, truncated);
        Assert.Contains("truncated", result.ErrorLine());
    }

    [Fact]
    public async Task One_bad_image_among_good_ones_prints_no_table()
    {
        using var directory = new TemporaryDirectory();
        string good = directory.Write("good.pgm", PgmBytes(28, 28));
        string bad = directory.Write("bad.pgm", PgmBytes(28, 28)[..100]);

        CommandResult result = await CommandRunner.RunProcessAsync("predict", good, bad, $"--Predict:Weights={model.ModelPath}");

        AssertRejected(result, ExitCodes.InvalidInput, bad);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task Predict_without_images_exits_2_showing_the_usage()
    {
        CommandResult result = await CommandRunner.RunProcessAsync("predict", $"--Predict:Weights={model.ModelPath}");

        AssertRejected(result, ExitCodes.InvalidConfiguration, "predict needs one or more image files");
    }

    [Fact]
    public async Task Evaluate_with_an_unknown_split_exits_2_naming_the_setting_and_the_allowed_values()
    {
        CommandResult result = await CommandRunner.RunProcessAsync("evaluate", "--Evaluate:Split=validation", $"--Evaluate:Weights={model.ModelPath}");

        AssertRejected(result, ExitCodes.InvalidConfiguration, "Evaluate:Split=validation");
        Assert.Contains("test | train", result.ErrorLine());
    }

    [Theory]
    [InlineData("evaluate", "--Evaluate:Weight=model.npz", "Evaluate:Weight")]
    [InlineData("predict", "--Predict:Weight=model.npz", "Predict:Weight")]
    [InlineData("train", "--Training:Epoch=3", "Training:Epoch")]
    public async Task A_misspelt_setting_exits_2_naming_it(string command, string setting, string key)
    {
        CommandResult result = await CommandRunner.RunProcessAsync(command, setting, "digit.png");

        AssertRejected(result, ExitCodes.InvalidConfiguration, $"invalid setting {key}=");
    }

    [Fact]
    public async Task Evaluate_with_a_file_argument_exits_2_pointing_to_the_weights_setting()
    {
        CommandResult result = await CommandRunner.RunProcessAsync("evaluate", model.ModelPath);

        AssertRejected(result, ExitCodes.InvalidConfiguration, "--Evaluate:Weights=");
    }

    private static Task<CommandResult> RunAsync(string command, string weightsSetting, string image) =>
        command == "predict"
            ? CommandRunner.RunProcessAsync("predict", image, weightsSetting)
            : CommandRunner.RunProcessAsync("evaluate", weightsSetting, "--Data:TestLimit=16");

    private static string Section(string command) => command == "predict" ? "Predict" : "Evaluate";

    private static void AssertRejected(CommandResult result, int exitCode, string mentioned)
    {
        Assert.True(exitCode == result.ExitCode, $"exit code {result.ExitCode}, expected {exitCode}; stderr:\n{result.Errors}");
        string line = result.ErrorLine();
        Assert.Contains(mentioned, line);
        // A foreseen failure is the one line alone: Program adds a stack trace only for the unforeseen.
        // (The host's own "Hosting failed to start" log line, earlier in the log, is not the program's report.)
        Assert.DoesNotContain("   at ", result.Errors[result.Errors.IndexOf(line, StringComparison.Ordinal)..]);
    }

    private static byte[] PgmBytes(int width, int height) =>
        [.. System.Text.Encoding.ASCII.GetBytes($"P5\n{width} {height}\n255\n"), .. new byte[width * height]];
}
