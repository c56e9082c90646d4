// Splits the command line into the command (a verb before the settings; "train" when there is none), the
// generic-host setting overrides (--Section:Key=value or --Section:Key value), and positional inputs (file paths).
namespace LeNetPipeline.Worker.Hosting;

public sealed record CommandLine(string Command, string[] SettingArgs, string[] Inputs)
{
    public const string DefaultCommand = "train";

    public static CommandLine Parse(string[] args)
    {
        string command = DefaultCommand;
        int start = 0;
        if (args.Length > 0 && !args[0].StartsWith('-'))
        {
            command = args[0];
            start = 1;
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
        return new CommandLine(command, [.. settings], [.. inputs]);
    }
}
