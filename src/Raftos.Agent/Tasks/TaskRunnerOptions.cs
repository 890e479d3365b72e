namespace Raftos.Agent.Tasks;

/// <summary>Settings of a <see cref="TaskRunner"/>.</summary>
public sealed class TaskRunnerOptions
{
    /// <summary>The agent's data directory; tasks live under <c>{DataDir}/tasks/{taskId}/</c>.</summary>
    public required string DataDir { get; init; }

    /// <summary>The agent's id, given to tasks as RAFTOS_AGENT_ID.</summary>
    public required string AgentId { get; init; }

    /// <summary>How long a stopped task has between SIGTERM and SIGKILL.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the monitor samples usage, enforces RSS limits and looks for the exit of adopted tasks.</summary>
    public TimeSpan MemoryCheckInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Whether to enforce memory limits with a cgroup v1 memory controller when the host has a writable one.</summary>
    public bool UseCgroups { get; init; } = true;

    /// <summary>How many directories (logs included) of ended tasks to keep; older ones are deleted.</summary>
    public int KeepFinishedTasks { get; init; } = 50;

    /// <summary>Capacity of <see cref="TaskRunner.Events"/>; when nobody reads and it fills, further events are dropped and logged.</summary>
    public int EventCapacity { get; init; } = 10_000;
}
