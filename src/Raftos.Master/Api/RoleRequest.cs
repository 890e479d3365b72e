namespace Raftos.Master.Api;

/// <summary>Body of PUT /v1/roles/{name}; what is left out takes its default (weight 1, no quota).</summary>
public sealed record RoleRequest
{
    /// <summary>Relative share under contention, 1 to 1000.</summary>
    public int? Weight { get; init; }

    /// <summary>What the role's tasks may hold at most.</summary>
    public RoleQuota? Quota { get; init; }
}
