// Every malformed-input case of the catalogue, run against the real worker binary. Each test looks at one thing
// a user relies on; the case itself runs once and all of them look at the same run.
using LeNetPipeline.Worker.Hosting;

namespace LeNetPipeline.Tests.Reliability;

[Collection(ReliabilityCollection.Name)]
public class MalformedInputTests(ReliabilityFixture fixture)
{
    public static TheoryData<string> Cases => [.. MalformedInputCases.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Malformed_input_ends_the_run_instead_of_hanging(string name)
    {
        CaseObservation seen = await fixture.ObserveAsync(MalformedInputCases.Find(name));
        Assert.False(seen.Result.TimedOut, seen.Result.ToString());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Malformed_input_exits_with_its_documented_code(string name)
    {
        CaseObservation seen = await fixture.ObserveAsync(MalformedInputCases.Find(name));
        Assert.True(seen.Case.ExitCode == seen.Result.ExitCode, $"expected exit {seen.Case.ExitCode}; {seen.Result}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Malformed_input_first_error_line_names_what_and_where(string name)
    {
        CaseObservation seen = await fixture.ObserveAsync(MalformedInputCases.Find(name));
        string line = seen.Result.FirstErrorLine;
        string[] missing = seen.Arranged.Mentions.Where(m => !line.Contains(m, StringComparison.Ordinal)).ToArray();
        Assert.True(line.StartsWith("error: ", StringComparison.Ordinal) && missing.Length == 0,
            $"first line '{line}' lacks: {string.Join(" | ", ["error: ", .. missing])}; {seen.Result}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Malformed_input_prints_no_stack_trace(string name)
    {
        CaseObservation seen = await fixture.ObserveAsync(MalformedInputCases.Find(name));
        Assert.DoesNotContain(seen.Result.ErrorLines, line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Malformed_input_leaves_an_earlier_runs_outputs_byte_identical(string name)
    {
        CaseObservation seen = await fixture.ObserveAsync(MalformedInputCases.Find(name));
        Assert.Empty(seen.OutputChanges);
    }

    [Fact]
    public void The_catalogue_holds_at_least_thirty_cases_with_documented_exit_codes()
    {
        Assert.True(MalformedInputCases.All.Count >= 30);
        Assert.All(MalformedInputCases.All, c => Assert.Contains(c.ExitCode, new[] { ExitCodes.InvalidConfiguration, ExitCodes.InvalidInput }));
        Assert.Equal(MalformedInputCases.All.Count, MalformedInputCases.All.Select(c => c.Name).Distinct().Count());
    }
}
