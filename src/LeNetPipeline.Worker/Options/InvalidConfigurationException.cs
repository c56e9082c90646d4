// A setting that no validator can check at start-up, refused when the run meets it: exit code 2.
namespace LeNetPipeline.Worker.Options;

/// <summary>A setting that is invalid in a way only the run can see (e.g. an output directory that cannot be written).</summary>
public sealed class InvalidConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
