// The data source a command reads, from the "Data" settings: the catalogue data set and its directory
// (data/<Dataset> when empty), resolved against the content root, with the configured mirrors and timeout.
// Training and every command use this one rule, so they all read the files a training run fetched.
using LeNetPipeline.Data;
using LeNetPipeline.Worker.Hosting;
using LeNetPipeline.Worker.Options;

namespace LeNetPipeline.Worker.Commands;

internal static class DatasetSettings
{
    public static DataSourceSettings From(DataOptions data, ContentRoot root)
    {
        string directory = root.Resolve(string.IsNullOrWhiteSpace(data.Directory) ? Path.Combine("data", data.Dataset) : data.Directory);
        return new DataSourceSettings(data.Dataset, directory, data.Mirrors, TimeSpan.FromSeconds(data.DownloadTimeoutSeconds));
    }
}
