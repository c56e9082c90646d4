// Where the repository is, found from the test assembly: the worker is started there (so it finds
// config/appsettings.json), and real MNIST is kept in its data/mnist between runs.
namespace LeNetPipeline.Tests.Support;

public static class RepositoryPaths
{
    /// <summary>The directory holding LeNetPipeline.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The worker's default Data:Directory for MNIST.</summary>
    public static string MnistDirectory { get; } = Path.Combine(Root, "data", "mnist");

    private static string FindRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LeNetPipeline.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"no LeNetPipeline.sln above {AppContext.BaseDirectory}");
    }
}
