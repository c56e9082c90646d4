// A fresh directory per test class under the system temp directory, deleted with everything in it afterwards.
// Tests write real files there, so atomic replacement and error messages are checked against real paths.
namespace LeNetPipeline.Tests.Weights;

public sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lenet-weights-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
