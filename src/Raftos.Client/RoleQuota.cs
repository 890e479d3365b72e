namespace Raftos.Client;

/// <summary>The most a role's tasks may hold; null for no limit.</summary>
/// <param name="CpuMillis">CPU limit in millicores.</param>
/// <param name="MemoryMb">Memory limit in MB.</param>
public sealed record RoleQuota(long? CpuMillis = null, long? MemoryMb = null);
