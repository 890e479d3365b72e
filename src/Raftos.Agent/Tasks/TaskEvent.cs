namespace Raftos.Agent.Tasks;

/// <summary>A change of a task run's state.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Epoch">The run's epoch, from its <see cref="TaskLaunch"/>.</param>
/// <param name="State">The new state.</param>
/// <param name="ExitCode">For an ended run, the exit code when known (128 + n for an end by signal n).</param>
/// <param name="Reason">Short and readable: "started", "exited with code 3", "killed by signal 9", "oom", the stop reason, "command 'x' not found"...</param>
/// <param name="At">When the runner saw the change.</param>
public sealed record TaskEvent(string TaskId, long Epoch, TaskRunState State, int? ExitCode, string Reason, DateTimeOffset At)
{
    /// <summary>Whether the run is over (Finished, Failed or Killed).</summary>
    public bool IsTerminal => State is TaskRunState.Finished or TaskRunState.Failed or TaskRunState.Killed;
}
