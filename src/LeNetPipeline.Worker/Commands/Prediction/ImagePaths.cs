// Where predict looks for an image named on the command line. An absolute path is used as it is; a relative one is
// looked for in the current directory first, then under the content root (the directory that holds config/), the
// base of every path setting. The second place matters under `dotnet run`, which starts the worker in the project's
// directory, not the one the command was typed in. Invariant: the path the user typed is what every message shows.
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Worker.Options;

namespace LeNetPipeline.Worker.Commands.Prediction;

internal static class ImagePaths
{
    /// <summary>The file to open for <paramref name="typed"/>: the first place it exists, else the current directory's.</summary>
    public static string Locate(string typed, ContentRoot root)
    {
        if (Path.IsPathFullyQualified(typed))
        {
            return typed;
        }
        string here = Path.GetFullPath(typed);
        if (File.Exists(here) || Directory.Exists(here))
        {
            return here;
        }
        string underRoot = root.Resolve(typed);
        return File.Exists(underRoot) ? underRoot : here;
    }
}
