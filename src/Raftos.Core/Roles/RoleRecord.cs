using MessagePack;
using Raftos.Core.State;

namespace Raftos.Core.Roles;

/// <summary>
/// A team sharing the cluster. Under contention the scheduler gives each role a dominant
/// share proportional to its <see cref="Weight"/> (Dominant Resource Fairness); a quota caps
/// what the role's tasks may hold, whatever is free. A role nobody configured has weight 1
/// and no quota.
/// </summary>
[MessagePackObject]
public sealed record RoleRecord
{
    /// <summary>Smallest weight.</summary>
    public const int WeightMin = 1;

    /// <summary>Largest weight.</summary>
    public const int WeightMax = 1000;

    /// <summary>Role name (the job spec's <c>role</c>).</summary>
    [Key(0)] public required string Name { get; init; }

    /// <summary>Relative share under contention.</summary>
    [Key(1)] public int Weight { get; init; } = 1;

    /// <summary>Most CPU (millicores) the role's tasks may hold; null for no limit.</summary>
    [Key(2)] public long? CpuMillisMax { get; init; }

    /// <summary>Most memory (MB) the role's tasks may hold; null for no limit.</summary>
    [Key(3)] public long? MemoryMbMax { get; init; }

    /// <summary>Log index of the latest change.</summary>
    [Key(4)] public long UpdatedIndex { get; init; }

    /// <summary>The defaults of a role nobody configured.</summary>
    public static RoleRecord Default(string name) => new() { Name = name };

    /// <summary>Whether holding <paramref name="held"/> stays within the quota.</summary>
    public bool Allows(Resources held)
        => (CpuMillisMax is not { } cpu || held.CpuMillis <= cpu) && (MemoryMbMax is not { } memory || held.MemoryMb <= memory);
}
