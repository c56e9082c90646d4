// The command line a newcomer types first: --help and --version answer at once, read no data and write nothing;
// a misspelled section, an unknown option or a stray argument is refused (exit 2) naming the nearest valid one.
using LeNetPipeline.Tests.Data;
using LeNetPipeline.Tests.Reliability;
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Commands;

public class CommandLineTests
{
    public static TheoryData<string[], string> HelpRequests => new()
    {
        { ["--help"], "Usage:" },
        { ["-h"], "Usage:" },
        { ["help"], "Usage:" },
        { ["train", "--help"], "Usage: LeNetPipeline.Worker [train]" },
        { ["evaluate", "-h"], "Usage: LeNetPipeline.Worker evaluate" },
        { ["predict", "--help"], "Usage: LeNetPipeline.Worker predict IMAGE" },
        { ["help", "predict"], "Usage: LeNetPipeline.Worker predict IMAGE" },
        { ["export", "--help"], "Usage: LeNetPipeline.Worker export" },
    };

    [Theory]
    [MemberData(nameof(HelpRequests))]
    public async Task Help_prints_usage_with_the_settings_sources_and_exit_codes_and_exits_0(string[] args, string usage)
    {
        CommandResult result = await CommandRunner.RunAsync(args);
        Assert.True(result.ExitCode == 0 && result.Output.Contains(usage, StringComparison.Ordinal) && result.Output.Contains("Exit codes:", StringComparison.Ordinal)
            && result.Output.Contains("LENET_Section__Key", StringComparison.Ordinal) && result.Errors.Length == 0, result.Output + result.Errors);
    }

    [Fact]
    public async Task Help_shows_the_value_each_setting_has_here()
    {
        CommandResult result = await CommandRunner.RunAsync("--help", "--Training:Epochs=3");
        Assert.Contains("--Training:Epochs=3\n", result.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("--Checkpoint:ResumeFrom=", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("predict", "--help")]
    [InlineData("--version")]
    public async Task Help_and_version_as_a_process_exit_0_without_reading_data_or_writing_outputs(params string[] args)
    {
        using var scratch = new TemporaryDirectory();
        string data = scratch.File("data");
        string output = scratch.File("out");
        WorkerResult result = await WorkerProcess.RunAsync([.. args, $"--Data:Directory={data}", $"--Output:Directory={output}", "--Training:Epochs=1"],
            TimeSpan.FromMinutes(1));

        Assert.True(result.ExitCode == 0 && result.StandardOutput.Length > 0 && result.StandardError.Length == 0, result.ToString());
        Assert.Empty(Directory.EnumerateFileSystemEntries(scratch.Path));
    }

    [Fact]
    public async Task Version_names_the_program_its_version_and_commit()
    {
        CommandResult result = await CommandRunner.RunAsync("--version");
        Assert.Matches(@"^LeNetPipeline\.Worker \d+\.\d+\.\d+\S* \(commit [0-9a-f]{7,40}\)\r?\n$", result.Output);
    }

    [Theory]
    [InlineData("unknown settings section 'Trainig' in '--Trainig:Epochs=3': did you mean Training?", "--Trainig:Epochs=3")]
    [InlineData("unknown settings section 'Ouptut' in '--Ouptut:Directory': did you mean Output?", "--Ouptut:Directory", "x")]
    [InlineData("unknown option '--Profil=notebook': did you mean --Profile?", "--Profil=notebook")]
    [InlineData("unexpected argument 'runs/latest':", "train", "runs/latest")]
    [InlineData("unknown command 'Training:Epochs=3': did you mean --Training:Epochs=3?", "Training:Epochs=3")]
    [InlineData("unexpected argument 'Training:Epochs=3': did you mean --Training:Epochs=3?", "train", "Training:Epochs=3")]
    [InlineData("unknown command 'evalute': did you mean evaluate?", "evalute")]
    public async Task A_misspelling_or_stray_argument_exits_2_naming_the_nearest_valid_one(string expected, params string[] args)
    {
        CommandResult result = await CommandRunner.RunAsync(args);
        Assert.True(result.ExitCode == ExitCodes.InvalidConfiguration && result.ErrorLine().StartsWith("error: " + expected, StringComparison.Ordinal), result.Errors);
    }

    [Fact]
    public async Task A_setting_given_as_two_words_still_reaches_its_section()
    {
        CommandResult result = await CommandRunner.RunAsync("--Training:Epochs", "0");
        Assert.True(result.ExitCode == ExitCodes.InvalidConfiguration && result.ErrorLine().Contains("Training:Epochs=0", StringComparison.Ordinal), result.Errors);
    }
}
