namespace Raftos.Agent.Tasks;

/// <summary>What one /proc scan found of one process group.</summary>
/// <param name="Members">Processes of the group that have not exited (zombies excluded).</param>
/// <param name="CpuTicks">Sum of the members' CPU time, reaped children included, in clock ticks.</param>
/// <param name="RssPages">Sum of the members' resident set sizes, in pages.</param>
internal readonly record struct GroupSample(int Members, long CpuTicks, long RssPages)
{
    /// <summary>Adds one process to the sample.</summary>
    public GroupSample With(ProcStat process) => new(
        Members + (process.HasExited ? 0 : 1),
        CpuTicks + process.CpuTicks,
        RssPages + process.RssPages);
}
