namespace Raftos.Agent.Tasks;

/// <summary>Where a task run stands, as reported by <see cref="TaskRunner"/>.</summary>
public enum TaskRunState
{
    /// <summary>Accepted; the process is being launched.</summary>
    Starting,

    /// <summary>The process runs in its own process group.</summary>
    Running,

    /// <summary>Exited with code 0.</summary>
    Finished,

    /// <summary>Exited with a non-zero code or by a signal, could not be started, or was killed for exceeding its memory limit ("oom").</summary>
    Failed,

    /// <summary>Stopped on request (<see cref="TaskRunner.StopAsync"/>).</summary>
    Killed,
}
