namespace Raftos.Client;

/// <summary>What one task measurably uses, from its agent's latest heartbeat.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="CpuMillis">CPU in use, in millicores.</param>
/// <param name="MemoryMb">Memory in use, in MB.</param>
public sealed record TaskUsage(string TaskId, long CpuMillis, long MemoryMb);
