namespace Raftos.Master.Api;

/// <summary>A role's quota: the most CPU (millicores) and memory (MB) its tasks may hold; null for no limit.</summary>
public sealed record RoleQuota
{
    /// <summary>CPU limit in millicores, or null.</summary>
    public long? CpuMillis { get; init; }

    /// <summary>Memory limit in MB, or null.</summary>
    public long? MemoryMb { get; init; }
}
