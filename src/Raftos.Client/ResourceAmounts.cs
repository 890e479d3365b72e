namespace Raftos.Client;

/// <summary>An amount of CPU (millicores), memory (MB) and disk (MB).</summary>
/// <param name="CpuMillis">CPU in millicores (1000 = one core).</param>
/// <param name="MemoryMb">Memory in MB.</param>
/// <param name="DiskMb">Disk in MB.</param>
public sealed record ResourceAmounts(long CpuMillis, long MemoryMb, long DiskMb = 0);
