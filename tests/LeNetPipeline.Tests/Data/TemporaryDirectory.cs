// A fresh directory under the system temp folder for one test, deleted with everything in it afterwards.
// Each test gets its own, so tests running in parallel never see each other's files.
namespace LeNetPipeline.Tests.Data;

internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory() => Path = Directory.CreateTempSubdirectory("lenet-test-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, byte[] content)
    {
        string path = File(name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
