using Raftos.Chaos.Checking;

namespace Raftos.Chaos.Reports;

/// <summary>Everything a run did and found, written as report.json and report.md.</summary>
public sealed record ChaosReport
{
    /// <summary>The scenario.</summary>
    public required string Scenario { get; init; }

    /// <summary>The seed: the same seed draws the same faults, targets and holds.</summary>
    public required int Seed { get; init; }

    /// <summary>The command that made it.</summary>
    public required string Command { get; init; }

    /// <summary>When it started (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Seconds of faults.</summary>
    public required double FaultSeconds { get; init; }

    /// <summary>Seconds of the whole run, start to verdict.</summary>
    public required double TotalSeconds { get; init; }

    /// <summary>Masters.</summary>
    public required int Masters { get; init; }

    /// <summary>Agents.</summary>
    public required int Agents { get; init; }

    /// <summary>The fault timeline.</summary>
    public required IReadOnlyList<FaultReport> Faults { get; init; }

    /// <summary>How the operations ended.</summary>
    public required OperationCounts Operations { get; init; }

    /// <summary>Seconds from healing everything until every service job ran its count again; null if it did not.</summary>
    public double? RecoverySeconds { get; init; }

    /// <summary>Every checker's verdict.</summary>
    public required IReadOnlyList<CheckVerdict> Checks { get; init; }

    /// <summary>Whether every checker passed.</summary>
    public bool Passed => Checks.All(c => c.Passed);
}
