namespace Raftos.Chaos.Faults;

/// <summary>One fault of a run's timeline, with what it did to the cluster.</summary>
public sealed record FaultRecord
{
    /// <summary>The fault's kind, e.g. <c>kill-leader</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>What it was done to, e.g. <c>m2</c> or <c>m1,m2 | m3</c>.</summary>
    public required string Target { get; init; }

    /// <summary>When it began, in seconds since the run started.</summary>
    public required double InjectedAt { get; init; }

    /// <summary>When it was healed, in seconds since the run started.</summary>
    public double HealedAt { get; set; }

    /// <summary>For a fault that took the leader away: seconds from the fault to a new leader named by a majority; null if none was measured.</summary>
    public double? NewLeaderAfter { get; set; }

    /// <summary>For an agent fault: seconds from the fault until every service job ran its count again without that agent; null if not measured or not reached.</summary>
    public double? RedistributedAfter { get; set; }

    /// <summary>The leader before the fault.</summary>
    public string? LeaderBefore { get; init; }
}
