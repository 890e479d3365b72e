namespace Raftos.Chaos.Runs;

/// <summary>What one chaos run does.</summary>
public sealed record RunOptions
{
    /// <summary>A scenario (see <see cref="Scenarios"/>) or a single fault kind.</summary>
    public required string Scenario { get; init; }

    /// <summary>How long faults are injected; the run then heals, waits for recovery and checks.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Seed of every random choice: faults, targets, holds, workload.</summary>
    public int Seed { get; init; }

    /// <summary>Masters, 3 or 5.</summary>
    public int Masters { get; init; } = 3;

    /// <summary>Agents.</summary>
    public int Agents { get; init; } = 3;

    /// <summary>Where histories, logs and the report go.</summary>
    public required string OutputDir { get; init; }

    /// <summary>The raftos binary to run (default: the one built beside the suite).</summary>
    public string? Raftos { get; init; }

    /// <summary>How the run was asked for, for the report.</summary>
    public string Command { get; init; } = string.Empty;
}
