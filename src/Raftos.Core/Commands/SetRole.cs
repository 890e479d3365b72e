using MessagePack;
using Raftos.Core.Roles;

namespace Raftos.Core.Commands;

/// <summary>Creates or replaces a role's weight and quota.</summary>
[MessagePackObject]
public sealed record SetRole : Command
{
    /// <summary>The role.</summary>
    [Key(1)] public required string Role { get; init; }

    /// <summary>Relative share under contention.</summary>
    [Key(2)] public int Weight { get; init; } = 1;

    /// <summary>CPU quota in millicores; null for none.</summary>
    [Key(3)] public long? CpuMillisMax { get; init; }

    /// <summary>Memory quota in MB; null for none.</summary>
    [Key(4)] public long? MemoryMbMax { get; init; }

    /// <inheritdoc />
    public override Rejection? Validate()
    {
        if ((ValidateRequestId() ?? IdRules.Validate(Role, "role", "role")) is { } bad)
            return bad;
        if (Weight is < RoleRecord.WeightMin or > RoleRecord.WeightMax)
            return Rejection.Invalid("weight", $"weight is {RoleRecord.WeightMin} to {RoleRecord.WeightMax}, not {Weight}");
        if (CpuMillisMax is < 0 or > Limits.ResourceAmountMax * 1000L)
            return Rejection.Invalid("quota.cpuMillis", $"quota.cpuMillis is 0 to {Limits.ResourceAmountMax * 1000L}, not {CpuMillisMax}");
        if (MemoryMbMax is < 0 or > Limits.ResourceAmountMax * 1000L)
            return Rejection.Invalid("quota.memoryMb", $"quota.memoryMb is 0 to {Limits.ResourceAmountMax * 1000L}, not {MemoryMbMax}");
        return null;
    }
}
