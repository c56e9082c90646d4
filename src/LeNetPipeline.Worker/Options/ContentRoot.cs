// Finds config/appsettings.json wherever the command is started from: the current directory or any parent
// (so `dotnet run --project src/LeNetPipeline.Worker` works from anywhere in the repository), else beside the
// binary. Relative paths in settings (data, outputs) are resolved against the directory that holds config/.
namespace LeNetPipeline.Worker.Options;

public sealed class ContentRoot(string directory)
{
    public const string ConfigFolder = "config";
    public const string SettingsFile = "appsettings.json";

    public string Directory { get; } = directory;

    public string ConfigDirectory => Path.Combine(Directory, ConfigFolder);

    public string SettingsPath => Path.Combine(ConfigDirectory, SettingsFile);

    public string ProfilePath(string profile) => Path.Combine(ConfigDirectory, $"appsettings.{profile}.json");

    /// <summary>An absolute path for a setting's value: as given when absolute, else under the content root.</summary>
    public string Resolve(string path) => Path.GetFullPath(Path.Combine(Directory, path));

    public static ContentRoot Locate()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (DirectoryInfo? directory = new(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, ConfigFolder, SettingsFile)))
                {
                    return new ContentRoot(directory.FullName);
                }
            }
        }
        throw new InvalidConfigurationException(
            $"no {ConfigFolder}/{SettingsFile} found in {Environment.CurrentDirectory}, its parents, or beside the program in {AppContext.BaseDirectory}");
    }
}
