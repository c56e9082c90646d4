// The log lines of loading and fetching data, as compiled message templates with named fields.
// Event ids 100-199 belong to data; each line says what, from where, and how long it took.
using Microsoft.Extensions.Logging;

namespace LeNetPipeline.Data;

internal static partial class DataLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information,
        Message = "Data directory {Directory} lacks {Files}; fetching them")]
    public static partial void FetchingMissing(this ILogger logger, string directory, string files);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Trying {Source} for {Files}")]
    public static partial void TryingSource(this ILogger logger, string source, string files);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information,
        Message = "Fetched {File} ({Bytes} bytes, SHA-256 verified) from {Source} into {Path} in {ElapsedMs} ms")]
    public static partial void FileFetched(this ILogger logger, string file, long bytes, string source, string path, long elapsedMs);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "{Source} failed after {ElapsedMs} ms: {Reason}")]
    public static partial void SourceFailed(this ILogger logger, string source, long elapsedMs, string reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information,
        Message = "{Source} provided {Count} file(s) in {ElapsedMs} ms")]
    public static partial void SourceDone(this ILogger logger, string source, int count, long elapsedMs);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning,
        Message = "{Path} is not the official {Dataset} {File} (SHA-256 {Actual}, official {Official}); using it as it is")]
    public static partial void NotOfficial(this ILogger logger, string path, string dataset, string file, string actual, string official);

    [LoggerMessage(EventId = 106, Level = LogLevel.Information,
        Message = "Loaded {Dataset} from {Directory}: {TrainCount} train and {TestCount} test images in {ElapsedMs} ms")]
    public static partial void Loaded(this ILogger logger, string dataset, string directory, int trainCount, int testCount, long elapsedMs);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "Skipping {Item}: {Reason}")]
    public static partial void ItemSkipped(this ILogger logger, string item, string reason);

    [LoggerMessage(EventId = 108, Level = LogLevel.Warning, Message = "{Split}: skipped {Skipped} of {Count} items (see the warnings above)")]
    public static partial void ItemsSkipped(this ILogger logger, string split, int skipped, int count);

    [LoggerMessage(EventId = 109, Level = LogLevel.Information,
        Message = "{Split}: {Count} images from the decode cache {Cache} ({Files} files checked in {ElapsedMs} ms)")]
    public static partial void CacheHit(this ILogger logger, string split, int count, string cache, int files, long elapsedMs);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information,
        Message = "{Split}: decoded {Count} images from {Files} files in {ElapsedMs} ms ({ImagesPerSecond:F0} images/s); cached in {Cache}")]
    public static partial void Decoded(this ILogger logger, string split, int count, int files, long elapsedMs, double imagesPerSecond, string cache);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Cannot write the decode cache {Cache}: {Reason}; the next run decodes again")]
    public static partial void CacheNotWritten(this ILogger logger, string cache, string reason);

    [LoggerMessage(EventId = 112, Level = LogLevel.Information,
        Message = "Classes of {Source}: {Classes}")]
    public static partial void ClassesFound(this ILogger logger, string source, string classes);
}
