using MessagePack;

namespace Raftos.Core.Commands;

/// <summary>Stops a job: its tasks are killed and it is kept, stopped, for inspection.</summary>
[MessagePackObject]
public sealed record StopJob : Command
{
    /// <summary>The job.</summary>
    [Key(1)] public required string JobId { get; init; }

    /// <inheritdoc />
    public override Rejection? Validate() => ValidateRequestId() ?? IdRules.Validate(JobId, "jobId", "job");
}
