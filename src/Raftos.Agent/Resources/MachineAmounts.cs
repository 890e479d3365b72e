namespace Raftos.Agent.Resources;

/// <summary>An amount of this machine's CPU and memory: what it has, or what is in use.</summary>
/// <param name="CpuMillis">CPU in millicores (1000 = one core).</param>
/// <param name="MemoryMb">Memory in MB (MiB).</param>
public sealed record MachineAmounts(int CpuMillis, int MemoryMb);
