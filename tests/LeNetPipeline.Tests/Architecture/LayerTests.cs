// The worker's folders form one-way layers (docs/architecture.md, Layers): a folder uses only the folders below
// it, so the path of the data never loops back and each layer can be read without the ones above it.
using ArchUnitNET.Domain;
using ArchUnitNET.Fluent;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using LeNetPipeline.Worker.Hosting;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace LeNetPipeline.Tests.Architecture;

public sealed class LayerTests
{
    private const string Worker = "LeNetPipeline.Worker";

    /// <summary>Top to bottom; the Core assembly sits below them all.</summary>
    public static readonly string[] Layers = ["Hosting", "Commands", "Training", "Service", "Outputs", "Pipeline", "Options"];

    private static readonly Lazy<ArchUnitNET.Domain.Architecture> WorkerAssembly = new(() =>
        new ArchLoader().LoadAssemblies(typeof(HostComposition).Assembly, typeof(LeNetPipeline.Model.ParameterLayout).Assembly).Build());

    public static TheoryData<string> EveryLayer() => [.. Layers];

    [Theory]
    [MemberData(nameof(EveryLayer))]
    public void Layer_uses_no_layer_above_it(string layer)
    {
        string[] above = Layers[..Array.IndexOf(Layers, layer)];
        if (above.Length == 0)
        {
            return;
        }
        IArchRule rule = Types().That().Are(InLayer(layer))
            .Should().NotDependOnAny(Types().That().Are(InAnyLayer(above)))
            .Because($"{layer} sits below {string.Join(", ", above)} (docs/architecture.md, Layers)")
            .WithoutRequiringPositiveResults();
        rule.Check(WorkerAssembly.Value);
    }

    [Theory]
    [MemberData(nameof(EveryLayer))]
    public void Layer_holds_types(string layer) =>
        Assert.Contains(WorkerAssembly.Value.Types, type => IsInLayer(type.Namespace.FullName, layer));

    [Fact]
    public void Core_uses_nothing_of_the_worker()
    {
        IArchRule rule = Types().That().ResideInAssembly(typeof(LeNetPipeline.Model.ParameterLayout).Assembly)
            .Should().NotDependOnAny(Types().That().ResideInAssembly(typeof(HostComposition).Assembly));
        rule.Check(WorkerAssembly.Value);
    }

    [Fact]
    public void Every_worker_type_lives_in_a_layer_or_is_the_entry_point()
    {
        string[] strays = [.. WorkerAssembly.Value.Types
            .Where(type => type.Namespace.FullName.StartsWith(Worker, StringComparison.Ordinal))
            .Where(type => !type.IsCompilerGenerated && !type.Name.StartsWith('<'))
            .Where(type => type.Namespace.FullName != Worker || type.Name != "Program")
            .Where(type => !Layers.Any(layer => IsInLayer(type.Namespace.FullName, layer)))
            .Select(type => type.FullName)];
        Assert.Empty(strays);
    }

    private static bool IsInLayer(string ns, string layer) =>
        ns == $"{Worker}.{layer}" || ns.StartsWith($"{Worker}.{layer}.", StringComparison.Ordinal);

    private static IObjectProvider<IType> InLayer(string layer) =>
        Types().That().ResideInNamespaceMatching($@"^{Worker.Replace(".", @"\.", StringComparison.Ordinal)}\.{layer}(\..*)?$").As(layer);

    private static IObjectProvider<IType> InAnyLayer(string[] layers) =>
        Types().That().ResideInNamespaceMatching(
            $@"^{Worker.Replace(".", @"\.", StringComparison.Ordinal)}\.({string.Join('|', layers)})(\..*)?$").As(string.Join(", ", layers));
}
