namespace Raftos.Agent.Tasks;

/// <summary>A task process the runner watches, started by it or adopted from an earlier agent process.</summary>
/// <param name="Launch">What was launched.</param>
/// <param name="Pid">The wrapper shell's pid, which is also the task's process group and session id.</param>
/// <param name="StartedAt">When it was launched (by whichever agent process launched it).</param>
/// <param name="Adopted">Whether it was adopted rather than started by this runner.</param>
public sealed record RunningTask(TaskLaunch Launch, int Pid, DateTimeOffset StartedAt, bool Adopted)
{
    /// <summary>The task's id.</summary>
    public string TaskId => Launch.TaskId;

    /// <summary>The run's epoch.</summary>
    public long Epoch => Launch.Epoch;
}
