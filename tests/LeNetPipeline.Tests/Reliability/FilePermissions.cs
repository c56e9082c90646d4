// File modes for the cases that take permissions away (unreadable input, unwritable output). The suite runs on
// Linux, like the worker's service; elsewhere these say so instead of silently testing nothing.
namespace LeNetPipeline.Tests.Reliability;

internal static class FilePermissions
{
    public const UnixFileMode ReadOnlyDirectory =
        UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public static void Set(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the reliability suite uses Unix file modes");
        }
        File.SetUnixFileMode(path, mode);
    }

    public static void GiveOwnerEverything(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the reliability suite uses Unix file modes");
        }
        File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
