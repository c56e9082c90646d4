// The progress line's rate and ETA, on a fake clock: the start-up before the first applied batch is not training
// time, and a line is due only once an interval has passed.
using LeNetPipeline.Worker.Training;
using Microsoft.Extensions.Time.Testing;

namespace LeNetPipeline.Tests.Training;

public sealed class ProgressClockTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    [Fact]
    public void Start_up_before_the_first_batch_counts_neither_in_the_rate_nor_in_the_eta()
    {
        var time = new FakeTimeProvider();
        var clock = new ProgressClock(time, Interval);
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(clock.BatchApplied(64, batchesLeft: 100));

        ProgressReading? reading = null;
        for (int batch = 0; batch < 10; batch++)
        {
            time.Advance(TimeSpan.FromSeconds(0.5));
            reading = clock.BatchApplied(64, batchesLeft: 99 - batch);
        }

        Assert.Equal(new ProgressReading(128, 45), reading);
    }

    [Fact]
    public void A_reading_is_due_only_when_an_interval_has_passed_since_the_last()
    {
        var time = new FakeTimeProvider();
        var clock = new ProgressClock(time, Interval);
        clock.BatchApplied(64, batchesLeft: 100);

        List<int> due = [];
        for (int batch = 1; batch <= 12; batch++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            if (clock.BatchApplied(64, batchesLeft: 100 - batch) is not null)
            {
                due.Add(batch);
            }
        }

        Assert.Equal([5, 10], due);
    }

    [Fact]
    public void The_rate_covers_the_last_interval_and_the_eta_the_average_since_the_first_batch()
    {
        var time = new FakeTimeProvider();
        var clock = new ProgressClock(time, Interval);
        clock.BatchApplied(64, batchesLeft: 100);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(new ProgressReading(64.0 / 5, 99 * 5.0), clock.BatchApplied(64, batchesLeft: 99));

        // Five times faster now: the rate follows at once, the ETA from the average of the ten seconds.
        ProgressReading? reading = null;
        for (int batch = 1; batch <= 5; batch++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            reading = clock.BatchApplied(64, batchesLeft: 99 - batch);
            Assert.Equal(batch == 5, reading is not null);
        }
        Assert.Equal(new ProgressReading(5 * 64.0 / 5, 94 * 10.0 / 6), reading);
    }
}
