using System.Diagnostics;

namespace Raftos.Chaos.Workloads;

/// <summary>One monotonic clock for a run: every history and the fault timeline use it, so their times compare.</summary>
public sealed class RunClock
{
    private readonly long start = Stopwatch.GetTimestamp();

    /// <summary>Nanoseconds since the run started.</summary>
    public long Now => (long)Stopwatch.GetElapsedTime(start).TotalNanoseconds;

    /// <summary>Time since the run started.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(start);
}
