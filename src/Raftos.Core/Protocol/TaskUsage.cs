namespace Raftos.Core.Protocol;

/// <summary>One task's current usage.</summary>
public sealed record TaskUsage(string TaskId, long CpuMillis, long MemoryMb);
