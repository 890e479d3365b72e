namespace Raftos.Agent.Tasks;

/// <summary>A task found by <see cref="TaskRunner.Adopt"/>: still running (and now watched), or gone while no agent watched it.</summary>
/// <param name="Launch">What was launched.</param>
/// <param name="Pid">The wrapper shell's pid (the task's process group id).</param>
/// <param name="StartedAt">When it was launched.</param>
/// <param name="Exit">For a task that is gone, the terminal event reported for it (also written to <see cref="TaskRunner.Events"/>); null if it runs.</param>
public sealed record AdoptedTask(TaskLaunch Launch, int Pid, DateTimeOffset StartedAt, TaskEvent? Exit)
{
    /// <summary>The task's id.</summary>
    public string TaskId => Launch.TaskId;

    /// <summary>The run's epoch.</summary>
    public long Epoch => Launch.Epoch;

    /// <summary>Whether the task still runs and has been adopted.</summary>
    public bool IsAlive => Exit is null;
}
