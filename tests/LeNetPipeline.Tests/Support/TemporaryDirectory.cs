// A fresh directory under the system temp folder, deleted with everything in it afterwards. Tests write real files
// there, so atomic replacement and error messages are checked against real paths, and tests running in parallel
// never see each other's files.
namespace LeNetPipeline.Tests.Support;

public sealed class TemporaryDirectory : IDisposable
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
