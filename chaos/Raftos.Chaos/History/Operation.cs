namespace Raftos.Chaos.History;

/// <summary>
/// One operation on one key of the register workload, as a client invoked and saw it complete.
/// Values are unique per write, so a value names the write that produced it; null means absent.
/// Times are monotonic nanoseconds of one clock shared by every client of a run.
/// </summary>
public sealed record Operation
{
    /// <summary>The client (a sequential process) that ran it.</summary>
    public required int Process { get; init; }

    /// <summary>The key.</summary>
    public required string Key { get; init; }

    /// <summary>Read, write or compare-and-set.</summary>
    public required OperationKind Kind { get; init; }

    /// <summary>The value written (write, and CAS's new value).</summary>
    public string? Value { get; init; }

    /// <summary>The value a CAS expects to replace (null: the key must be absent).</summary>
    public string? Expected { get; init; }

    /// <summary>When it was invoked.</summary>
    public required long InvokedAt { get; init; }

    /// <summary>When its answer arrived; <see cref="long.MaxValue"/> when <see cref="Outcome"/> is <see cref="Outcome.Unknown"/>.</summary>
    public required long CompletedAt { get; init; }

    /// <summary>How it ended.</summary>
    public required Outcome Outcome { get; init; }

    /// <summary>What a read returned (null: absent).</summary>
    public string? Observed { get; init; }

    /// <summary>Whether a CAS that ended <see cref="Outcome.Ok"/> replaced the value (false: the value was not <see cref="Expected"/>).</summary>
    public bool CasApplied { get; init; }
}
