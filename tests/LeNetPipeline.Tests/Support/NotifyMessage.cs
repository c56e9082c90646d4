// One datagram a NotifySocket received.
namespace LeNetPipeline.Tests.Support;

/// <summary>One datagram: when it arrived (on the socket's clock) and what it said.</summary>
internal sealed record NotifyMessage(TimeSpan At, string Text)
{
    public bool IsWatchdog => Text == "WATCHDOG=1";

    public override string ToString() => $"{At.TotalSeconds,8:F3} s  {Text}";
}
