namespace Raftos.Agent.Tasks;

/// <summary>A task's latest measured use of the machine, summed over the processes of its process group.</summary>
/// <param name="CpuMillis">CPU used since the previous sample, in millicores (1000 = one core busy).</param>
/// <param name="RssBytes">Resident memory.</param>
/// <param name="SampledAt">When it was measured.</param>
public sealed record TaskUsage(int CpuMillis, long RssBytes, DateTimeOffset SampledAt)
{
    /// <summary>Resident memory in whole MB.</summary>
    public int MemoryMb => (int)(RssBytes / (1024 * 1024));
}
