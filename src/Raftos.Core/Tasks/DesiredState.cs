namespace Raftos.Core.Tasks;

/// <summary>What the cluster wants of a task.</summary>
public enum DesiredState
{
    /// <summary>Keep it running.</summary>
    Run = 1,

    /// <summary>Stop it; the agent kills the process and reports it killed.</summary>
    Stop = 2,
}
