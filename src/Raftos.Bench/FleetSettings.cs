namespace Raftos.Bench;

/// <summary>
/// The shape of one fleet run: how many simulated agents and how big, and the service jobs
/// whose tasks fill them.
/// </summary>
internal sealed record FleetSettings(
    int Agents,
    int Tasks,
    int Jobs,
    long TaskCpuMillis,
    long TaskMemoryMb,
    long AgentCpuMillis,
    long AgentMemoryMb)
{
    /// <summary>Spare room the derived agent size leaves over an even share of the tasks.</summary>
    public const double Headroom = 0.3;

    /// <summary>
    /// Agents big enough for an even share of the tasks plus <see cref="Headroom"/>, unless
    /// sizes were given (non-zero).
    /// </summary>
    public static FleetSettings Sized(int agents, int tasks, int jobs, long taskCpuMillis, long taskMemoryMb, long agentCpuMillis, long agentMemoryMb)
    {
        var slots = (long)Math.Ceiling(Math.Ceiling((double)tasks / Math.Max(1, agents)) * (1 + Headroom));
        return new FleetSettings(
            agents, tasks, jobs, taskCpuMillis, taskMemoryMb,
            agentCpuMillis > 0 ? agentCpuMillis : slots * taskCpuMillis,
            agentMemoryMb > 0 ? agentMemoryMb : slots * taskMemoryMb);
    }

    /// <summary>Null when the settings make a run; else what is wrong.</summary>
    public string? Problem()
    {
        if (Agents < 1 || Tasks < 1 || Jobs < 1 || Jobs > Tasks)
            return "--agents and --tasks must be positive, and --jobs between 1 and --tasks";
        if (TaskCpuMillis < 1 || TaskMemoryMb < 1)
            return "--task-cpu and --task-memory must be positive";
        var slotsPerAgent = Math.Min(AgentCpuMillis / TaskCpuMillis, AgentMemoryMb / TaskMemoryMb);
        return slotsPerAgent * Agents < Tasks ? "the agents cannot hold every task" : null;
    }

    /// <summary>Tasks of job number <paramref name="job"/> (0-based): an even split, the first jobs taking the remainder.</summary>
    public int TasksOfJob(int job) => (Tasks / Jobs) + (job < Tasks % Jobs ? 1 : 0);
}
