namespace Raftos.Core.Tasks;

/// <summary>Facts about <see cref="TaskState"/>.</summary>
public static class TaskStates
{
    /// <summary>Whether the task will never change again.</summary>
    public static bool IsTerminal(this TaskState state) => state >= TaskState.Finished;

    /// <summary>Whether the task holds resources on an agent (assigned and not yet ended).</summary>
    public static bool HoldsResources(this TaskState state) => state is TaskState.Assigned or TaskState.Starting or TaskState.Running;

    /// <summary>Lower-case name, as the API shows it.</summary>
    public static string Name(this TaskState state) => state switch
    {
        TaskState.Pending => "pending",
        TaskState.Assigned => "assigned",
        TaskState.Starting => "starting",
        TaskState.Running => "running",
        TaskState.Finished => "finished",
        TaskState.Failed => "failed",
        TaskState.Killed => "killed",
        TaskState.Lost => "lost",
        _ => "unknown",
    };
}
