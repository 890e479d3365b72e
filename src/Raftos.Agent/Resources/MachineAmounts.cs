namespace Raftos.Agent.Resources;

/// <summary>An amount of this machine's CPU, memory and disk: what it has, or what is in use.</summary>
/// <param name="CpuMillis">CPU in millicores (1000 = one core).</param>
/// <param name="MemoryMb">Memory in MB (MiB).</param>
/// <param name="DiskMb">Disk in MB (MiB); 0 where it is not measured.</param>
public sealed record MachineAmounts(int CpuMillis, int MemoryMb, long DiskMb = 0);
