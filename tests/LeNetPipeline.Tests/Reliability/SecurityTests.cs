// Security properties of the real worker: files cannot make it allocate what they do not hold, nothing is loaded
// by a type name taken from input, downloads are verified before use, and the process opens no listening port.
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using LeNetPipeline.Tests.Data;
using LeNetPipeline.Tests.Weights;
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Tests.Support;

namespace LeNetPipeline.Tests.Reliability;

[Collection(ReliabilityCollection.Name)]
public class SecurityTests(ReliabilityFixture fixture)
{
    private ReliabilityGround Ground => fixture.Ground;

    [Fact]
    public async Task A_checkpoint_array_whose_zip_entry_claims_two_gigabytes_is_refused_without_allocating_them()
    {
        // metrics.npy's header asks for 38,000,000 x 7 doubles (2.1 GB) and its zip entry, 200 deflated bytes,
        // claims to unpack to exactly that: a reader that trusts the entry allocates 2.1 GB before finding out.
        const int Rows = 38_000_000;
        string folder = Ground.NewDirectory("checkpoint-zip-size-lie");
        Dictionary<string, byte[]> entries = MalformedInputCases.ZipEntries(Ground.EarlierRun["checkpoint.npz"]);
        byte[] header = NpyBytes.Npy(NpyBytes.Dict("<f8", $"({Rows}, 7)"), []);
        entries["metrics.npy"] = header;
        byte[] zip = ZipWithDeflated(entries, "metrics.npy");
        ZipSizes.SetUncompressedSize(zip, "metrics.npy", checked((uint)(header.Length + (Rows * 56L))));
        string checkpoint = Path.Combine(folder, "checkpoint.npz");
        File.WriteAllBytes(checkpoint, zip);

        WorkerResult run = await WorkerProcess.RunAsync(
            Ground.Settings(Path.Combine(folder, "out"), epochs: 2).Append($"--Checkpoint:ResumeFrom={checkpoint}"),
            WorkerProcess.FailureTimeout, MalformedInputCases.SmallHeap);

        ReliabilityTable.Record("security", "checkpoint-zip-entry-claims-2-GB", Ground.Portable(run.FirstErrorLine), run.ExitCode, "nothing allocated beyond a 96 MB heap");
        Assert.True(run.ExitCode == ExitCodes.InvalidInput && run.FirstErrorLine.Contains("'metrics'", StringComparison.Ordinal), run.ToString());
    }

    [Fact]
    public void The_worker_assemblies_reference_no_type_name_driven_deserializer()
    {
        string[] forbiddenTypes =
        [
            "System.Runtime.Serialization.Formatters.Binary.BinaryFormatter",
            "System.Runtime.Serialization.Formatters.Soap.SoapFormatter",
            "System.Runtime.Serialization.NetDataContractSerializer",
            "System.Runtime.Serialization.Formatter",
            "System.Web.UI.LosFormatter",
            "System.Web.UI.ObjectStateFormatter",
            "System.Web.Script.Serialization.JavaScriptSerializer",
            "Newtonsoft.Json.TypeNameHandling",
            "System.Runtime.Serialization.SerializationBinder",
        ];
        // Resolving a type or loading code by a name, the step every type-name-driven deserializer takes.
        string[] forbiddenMembers = ["System.Type::GetType", "System.Activator::CreateInstance", "System.Reflection.Assembly::Load", "System.Reflection.Assembly::LoadFrom"];
        string[] assemblies = ["LeNetPipeline.Core.dll", "LeNetPipeline.Worker.dll"];
        string[] found = assemblies
            .SelectMany(assembly => References(Path.Combine(AppContext.BaseDirectory, assembly)).Select(reference => $"{assembly}: {reference}"))
            .Where(reference => forbiddenTypes.Any(type => reference.EndsWith(" " + type, StringComparison.Ordinal))
                || forbiddenMembers.Any(member => reference.EndsWith(" " + member, StringComparison.Ordinal)))
            .ToArray();
        Assert.Empty(found);
    }

    [Fact]
    public void The_worker_runs_with_binary_formatter_serialization_disabled()
    {
        using JsonDocument config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "LeNetPipeline.Worker.runtimeconfig.json")));
        JsonElement properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.False(properties.GetProperty("System.Runtime.Serialization.EnableUnsafeBinaryFormatterSerialization").GetBoolean());
    }

    [Fact]
    public async Task A_pickled_object_array_in_a_checkpoint_is_refused_unread()
    {
        string folder = Ground.NewDirectory("checkpoint-pickle");
        Dictionary<string, byte[]> entries = MalformedInputCases.ZipEntries(Ground.EarlierRun["checkpoint.npz"]);
        // A pickle that would run os.system if unpickled; it must never be looked at past its dtype.
        entries["identity_drop_epochs.npy"] = NpyBytes.Npy(NpyBytes.Dict("|O", "(1,)"), "\u0080\u0004cos\nsystem\n(S'touch /tmp/pwned'\ntR."u8.ToArray());
        string checkpoint = Path.Combine(folder, "checkpoint.npz");
        File.WriteAllBytes(checkpoint, NpyBytes.Zip(entries));

        WorkerResult run = await WorkerProcess.RunAsync(
            Ground.Settings(Path.Combine(folder, "out"), epochs: 2).Append($"--Checkpoint:ResumeFrom={checkpoint}"), WorkerProcess.FailureTimeout);

        ReliabilityTable.Record("security", "checkpoint-pickled-object-array", Ground.Portable(run.FirstErrorLine), run.ExitCode, "nothing unpickled");
        Assert.True(run.ExitCode == ExitCodes.InvalidInput && run.FirstErrorLine.Contains("pickles are never loaded", StringComparison.Ordinal), run.ToString());
    }

    [Fact]
    public async Task A_tampered_download_is_refused_before_it_reaches_the_data_directory()
    {
        string data = Ground.NewDirectory("tampered-download");
        foreach (string name in ReliabilityGround.DataFiles[..3])
        {
            File.CreateSymbolicLink(Path.Combine(data, name), Path.Combine(MnistFixture.DataDirectory, name));
        }
        const string Missing = "t10k-labels-idx1-ubyte";
        byte[] tampered = File.ReadAllBytes(Path.Combine(MnistFixture.DataDirectory, Missing));
        tampered[^1] = (byte)((tampered[^1] + 1) % 10);
        using var mirror = new LocalMirror(new Dictionary<string, byte[]> { ["/" + Missing + ".gz"] = IdxBytes.Gzip(tampered) });
        var start = new WorkerStart
        {
            // No npm on PATH and no proxy: the local mirror is the only source.
            Environment = new Dictionary<string, string?>
            {
                ["PATH"] = "/nonexistent",
                ["http_proxy"] = null,
                ["HTTP_PROXY"] = null,
                ["https_proxy"] = null,
                ["HTTPS_PROXY"] = null,
                ["all_proxy"] = null,
                ["ALL_PROXY"] = null,
            },
        };

        WorkerResult run = await WorkerProcess.RunAsync(
            [.. Ground.Settings(Path.Combine(data, "out"), data: data), $"--Data:Mirrors:0={mirror.BaseUrl}"], WorkerProcess.FailureTimeout, start);

        ReliabilityTable.Record("security", "tampered-download-from-mirror", Ground.Portable(run.FirstErrorLine).Replace(mirror.BaseUrl, "http://127.0.0.1:PORT/", StringComparison.Ordinal),
            run.ExitCode, $"no {Missing} in the data directory");
        Assert.True(run.ExitCode == ExitCodes.InvalidInput && mirror.Requested.Contains("/" + Missing + ".gz") && !Directory.EnumerateFiles(data, Missing + "*").Any(),
            $"requested: {string.Join(", ", mirror.Requested)}; files: {string.Join(", ", Directory.EnumerateFileSystemEntries(data).Select(Path.GetFileName))}; {run}");
    }

    [Fact]
    public async Task A_training_worker_opens_no_listening_port()
    {
        string output = Ground.NewDirectory("no-listening-port");
        using WorkerProcess worker = WorkerProcess.Start(Ground.Settings(output, epochs: 10_000));
        await worker.WaitForOutputAsync(line => line.Contains("Epoch 1/10000 done", StringComparison.Ordinal), TimeSpan.FromMinutes(1));

        IReadOnlyList<string> listening = ProcessSockets.Listening(worker.Id);
        worker.Terminate();
        WorkerResult run = await worker.WaitForExitAsync(WorkerProcess.FailureTimeout);

        Assert.True(listening.Count == 0 && run.ExitCode == 0, $"listening: {string.Join(", ", listening)}; {run}");
    }

    private static byte[] ZipWithDeflated(Dictionary<string, byte[]> entries, string deflated)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach ((string name, byte[] bytes) in entries)
            {
                using Stream stream = zip.CreateEntry(name, name == deflated ? CompressionLevel.Optimal : CompressionLevel.NoCompression).Open();
                stream.Write(bytes);
            }
        }
        return memory.ToArray();
    }

    /// <summary>Every type ("[ns.]Type") and member ("Type::Member") an assembly's metadata refers to.</summary>
    private static IEnumerable<string> References(string assemblyPath)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        MetadataReader metadata = pe.GetMetadataReader();
        string TypeName(EntityHandle handle) => handle.Kind switch
        {
            HandleKind.TypeReference => Qualified(metadata.GetTypeReference((TypeReferenceHandle)handle)),
            _ => "",
        };
        string Qualified(TypeReference type) =>
            metadata.GetString(type.Namespace) is { Length: > 0 } ns ? $"{ns}.{metadata.GetString(type.Name)}" : metadata.GetString(type.Name);

        List<string> references = [];
        foreach (TypeReferenceHandle handle in metadata.TypeReferences)
        {
            references.Add("type " + Qualified(metadata.GetTypeReference(handle)));
        }
        foreach (MemberReferenceHandle handle in metadata.MemberReferences)
        {
            MemberReference member = metadata.GetMemberReference(handle);
            references.Add($"member {TypeName(member.Parent)}::{metadata.GetString(member.Name)}");
        }
        return references;
    }
}
