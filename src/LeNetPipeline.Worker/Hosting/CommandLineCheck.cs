// Refuses a command line that would not do what its writer meant: an unknown verb, a setting in a section no
// part of the program reads (--Trainig:Epochs=3 would otherwise be ignored, and the run train 15 epochs) or an
// option that is not a setting, before anything runs; a file argument to train, once its settings are known
// valid. Each refusal names the nearest valid spelling. Unknown keys inside a known section are the binder's to refuse (SettingsBinder).
using LeNetPipeline.Worker.Commands.Evaluation;
using LeNetPipeline.Worker.Commands.Prediction;
using LeNetPipeline.Worker.Options;
using LeNetPipeline.Worker.Commands;

namespace LeNetPipeline.Worker.Hosting;

internal static class CommandLineCheck
{
    /// <summary>Every section some part of the worker reads, spelt as the settings file spells them.</summary>
    public static readonly IReadOnlyList<string> Sections =
    [
        DataOptions.Section, TrainingOptions.Section, PipelineOptions.Section, ModelOptions.Section, OutputOptions.Section,
        CheckpointOptions.Section, ProgressOptions.Section, TelemetryOptions.Section, EvaluateOptions.Section,
        PredictOptions.Section, ExportOptions.Section, "Logging",
    ];

    /// <summary>Settings outside any section.</summary>
    public static readonly IReadOnlyList<string> TopLevelKeys = [HostComposition.ProfileKey];

    /// <exception cref="InvalidConfigurationException">The first problem, naming the nearest valid spelling.</exception>
    public static void Ensure(CommandLine commandLine, IReadOnlyCollection<string> verbs)
    {
        if (!verbs.Contains(commandLine.Command, StringComparer.Ordinal))
        {
            string hint = LooksLikeSetting(commandLine.Command) ? $" did you mean --{commandLine.Command}?" : Suggest(commandLine.Command, verbs);
            throw new InvalidConfigurationException(
                $"unknown command '{commandLine.Command}':{hint} the commands are {string.Join(" | ", verbs)} (train when none is given); --help shows usage");
        }
        string[] settings = commandLine.SettingArgs;
        for (int i = 0; i < settings.Length; i++)
        {
            string token = settings[i];
            string key = token.TrimStart('-', '/');
            int equals = key.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                key = key[..equals];
            }
            else if (i + 1 < settings.Length && !settings[i + 1].StartsWith('-'))
            {
                i++;
            }
            CheckKey(token, key);
        }
    }

    /// <summary>Refuses file arguments to a command that takes none. Called once the settings are known valid,
    /// as evaluate and export check theirs, so a misspelt setting is named first.</summary>
    /// <exception cref="InvalidConfigurationException">The first stray argument, with what may have been meant.</exception>
    public static void EnsureNoInputs(CommandLine commandLine, IReadOnlyCollection<string> verbs)
    {
        if (commandLine.Inputs.Length == 0)
        {
            return;
        }
        string stray = commandLine.Inputs[0];
        string hint = LooksLikeSetting(stray)
            ? $" did you mean --{stray}?"
            : Suggest(stray, verbs).Replace("?", " (the command comes first)?", StringComparison.Ordinal);
        throw new InvalidConfigurationException(
            $"unexpected argument '{stray}':{hint} {commandLine.Command} takes no file arguments, only settings --Section:Key=value; --help shows usage");
    }

    private static void CheckKey(string token, string key)
    {
        int colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            if (!TopLevelKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                string[] candidates = [.. TopLevelKeys.Select(k => "--" + k), "--help", "--version", .. Sections.Select(s => $"--{s}:...")];
                throw new InvalidConfigurationException(
                    $"unknown option '{token}':{Suggest("--" + key, candidates)} settings are written --Section:Key=value; --help shows usage");
            }
            return;
        }
        string section = key[..colon];
        if (!Sections.Contains(section, StringComparer.OrdinalIgnoreCase))
        {
            throw new InvalidConfigurationException(
                $"unknown settings section '{section}' in '{token}':{Suggest(section, Sections)} the sections are {string.Join(", ", Sections)}");
        }
    }

    private static bool LooksLikeSetting(string token) => token.Contains(':', StringComparison.Ordinal) || token.Contains('=', StringComparison.Ordinal);

    /// <summary>" did you mean X?" for the candidate nearest to <paramref name="given"/>, or "" when none is near.</summary>
    private static string Suggest(string given, IEnumerable<string> candidates)
    {
        (string Candidate, int Distance) best = candidates
            .Select(candidate => (candidate, Distance(given.ToLowerInvariant(), candidate.ToLowerInvariant())))
            .MinBy(pair => pair.Item2);
        // Near: no more edits than a third of the word (at least two), so "Trainig" finds Training but "xyz" finds nothing.
        return best.Candidate is not null && best.Distance <= Math.Max(2, given.Length / 3) ? $" did you mean {best.Candidate}?" : "";
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    private static int Distance(string a, string b)
    {
        int[] previous = new int[b.Length + 1];
        int[] current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
