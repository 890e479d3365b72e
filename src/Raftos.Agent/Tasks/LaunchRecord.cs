namespace Raftos.Agent.Tasks;

/// <summary>
/// task.json: what was launched and how to find it again. Written when the task starts, so a
/// later agent process can adopt or kill it; rewritten with the outcome once the exit has been
/// reported, so no agent reports it twice.
/// </summary>
internal sealed record LaunchRecord
{
    /// <summary>What was asked for.</summary>
    public required TaskLaunch Launch { get; init; }

    /// <summary>Pid of the wrapper shell.</summary>
    public required int Pid { get; init; }

    /// <summary>Process group (and session) id: the wrapper leads its own.</summary>
    public required int Pgid { get; init; }

    /// <summary>The wrapper's start time from /proc/{pid}/stat (clock ticks after boot), to tell it from a later process with the same pid.</summary>
    public required long ProcessStartTime { get; init; }

    /// <summary>When the agent launched it.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The memory cgroup enforcing <see cref="TaskLaunch.MemoryMb"/>; null when RSS monitoring does (or there is no limit).</summary>
    public string? MemoryCgroup { get; init; }

    /// <summary>When its exit was reported; null while it may still run.</summary>
    public DateTimeOffset? ReportedAt { get; init; }

    /// <summary>The reported end state.</summary>
    public TaskRunState? Outcome { get; init; }

    /// <summary>The reported exit code.</summary>
    public int? ExitCode { get; init; }

    /// <summary>The reported reason.</summary>
    public string? Reason { get; init; }

    /// <summary>Whether the exit has been reported.</summary>
    public bool IsReported => ReportedAt is not null;

    /// <summary>This record, marked reported with <paramref name="exit"/>.</summary>
    public LaunchRecord ReportedAs(TaskEvent exit) =>
        this with { ReportedAt = exit.At, Outcome = exit.State, ExitCode = exit.ExitCode, Reason = exit.Reason };
}
