namespace Raftos.Core.Tasks;

/// <summary>Where a task is in its life. The order is the order of progress; the last four are terminal.</summary>
public enum TaskState
{
    /// <summary>Waiting for the scheduler.</summary>
    Pending = 1,

    /// <summary>Placed on an agent, which has not started it yet.</summary>
    Assigned = 2,

    /// <summary>The agent is starting the process.</summary>
    Starting = 3,

    /// <summary>The process runs.</summary>
    Running = 4,

    /// <summary>Exited with code 0.</summary>
    Finished = 5,

    /// <summary>Exited with another code, could not start, or exceeded its memory.</summary>
    Failed = 6,

    /// <summary>Stopped on purpose (job stopped or updated, agent drained).</summary>
    Killed = 7,

    /// <summary>Its agent was lost.</summary>
    Lost = 8,
}
