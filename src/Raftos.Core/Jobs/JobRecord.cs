using MessagePack;

namespace Raftos.Core.Jobs;

/// <summary>A submitted job: its current spec and version, and whether it was stopped.</summary>
[MessagePackObject]
public sealed record JobRecord
{
    /// <summary>The current spec.</summary>
    [Key(0)] public required JobSpec Spec { get; init; }

    /// <summary>1 at first submission, +1 for every changed resubmission.</summary>
    [Key(1)] public long Version { get; init; } = 1;

    /// <summary>True once stopped (DELETE): its tasks are killed and none are created.</summary>
    [Key(2)] public bool Stopped { get; init; }

    /// <summary>Cluster time (Unix ms) of the first submission.</summary>
    [Key(3)] public long SubmittedAt { get; init; }

    /// <summary>Cluster time (Unix ms) of the latest change.</summary>
    [Key(4)] public long UpdatedAt { get; init; }

    /// <summary>Log index of the latest change.</summary>
    [Key(5)] public long UpdatedIndex { get; init; }

    /// <summary>Log index of the first submission.</summary>
    [Key(6)] public long CreatedIndex { get; init; }

    /// <summary>The job id.</summary>
    [IgnoreMember]
    public string Id => Spec.Id;
}
