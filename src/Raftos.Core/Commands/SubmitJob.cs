using MessagePack;
using Raftos.Core.Jobs;

namespace Raftos.Core.Commands;

/// <summary>
/// Submits a job, or a new version of it. An identical resubmission of a running job changes
/// nothing; a changed count scales it; any other change replaces its tasks.
/// </summary>
[MessagePackObject]
public sealed record SubmitJob : Command
{
    /// <summary>The spec.</summary>
    [Key(1)] public required JobSpec Spec { get; init; }

    /// <inheritdoc />
    public override Rejection? Validate()
        => ValidateRequestId() ?? (Spec is null ? Rejection.Invalid("spec", "a job spec is required") : Spec.Validate());
}
