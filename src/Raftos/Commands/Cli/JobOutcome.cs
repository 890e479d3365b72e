namespace Raftos.Commands.Cli;

/// <summary>Where a submitted job stands, for <c>raftos job run</c>.</summary>
public enum JobOutcome
{
    /// <summary>Still being placed or started.</summary>
    Waiting,

    /// <summary>Every wanted task runs (for a batch job: runs or finished).</summary>
    Running,

    /// <summary>A task cannot be placed, and says why.</summary>
    Unplaceable,

    /// <summary>A task failed, or the job failed or was stopped.</summary>
    Failed,
}
