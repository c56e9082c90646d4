// Splits the command line into the command (a verb before the settings; "train" when there is none), the
// generic-host setting overrides (--Section:Key=value or --Section:Key value), positional inputs (file paths),
// and the requests for help (--help, -h, -?, or the verb "help") and for the version (--version).
namespace LeNetPipeline.Worker.Commands;

public sealed record CommandLine(string Command, string[] SettingArgs, string[] Inputs)
{
    public const string DefaultCommand = "train";

    private static readonly string[] HelpTokens = ["--help", "-h", "-?", "/?"];

    /// <summary>Usage was asked for: printed, and nothing else done.</summary>
    public bool HelpRequested { get; init; }

    /// <summary>The version was asked for: printed, and nothing else done.</summary>
    public bool VersionRequested { get; init; }

    /// <summary>True when the verb was given on the command line, not implied.</summary>
    public bool CommandGiven { get; init; }

    public static CommandLine Parse(string[] args)
    {
        string command = DefaultCommand;
        int start = 0;
        bool help = false;
        bool version = false;
        if (args.Length > 0 && !args[0].StartsWith('-'))
        {
            command = args[0];
            start = 1;
        }
        bool given = start == 1;
        if (command == "help")
        {
            // "help" alone, or "help predict": the usage of the verb that follows, if any.
            help = true;
            given = args.Length > 1 && !args[1].StartsWith('-');
            command = given ? args[1] : DefaultCommand;
            start = given ? 2 : 1;
        }
        List<string> settings = [];
        List<string> inputs = [];
        for (int i = start; i < args.Length; i++)
        {
            string token = args[i];
            if (token == "--")
            {
                continue;
            }
            if (HelpTokens.Contains(token, StringComparer.Ordinal))
            {
                help = true;
                continue;
            }
            if (token == "--version")
            {
                version = true;
                continue;
            }
            if (token.StartsWith('-'))
            {
                settings.Add(token);
                if (!token.Contains('=') && i + 1 < args.Length && !args[i + 1].StartsWith('-'))
                {
                    settings.Add(args[++i]);
                }
            }
            else
            {
                inputs.Add(token);
            }
        }
        return new CommandLine(command, [.. settings], [.. inputs]) { HelpRequested = help, VersionRequested = version, CommandGiven = given };
    }
}
