namespace Raftos.Core.Jobs;

/// <summary>How a job's tasks are kept running.</summary>
public enum JobType
{
    /// <summary>Keep <see cref="JobSpec.Count"/> tasks running; restart them whenever they exit.</summary>
    Service = 1,

    /// <summary>Run <see cref="JobSpec.Count"/> tasks to successful completion, retrying failures up to the restart policy's attempts.</summary>
    Batch = 2,

    /// <summary>Run one task on every eligible agent, including agents that join later.</summary>
    System = 3,
}
