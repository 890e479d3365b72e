using MessagePack;

namespace Raftos.Core.Commands;

/// <summary>
/// A change to the cluster state. The set is closed and every union tag is only ever
/// appended: a replica that meets an unknown tag must stop rather than guess.
/// </summary>
[Union(0, typeof(PutKey))]
[Union(1, typeof(DeleteKey))]
[Union(2, typeof(RegisterMaster))]
[Union(3, typeof(RemoveMaster))]
[Union(4, typeof(RegisterAgent))]
[Union(5, typeof(MarkAgentLost))]
[Union(6, typeof(SetAgentDrain))]
[Union(7, typeof(SubmitJob))]
[Union(8, typeof(StopJob))]
[Union(9, typeof(PlaceTasks))]
[Union(10, typeof(ReportTaskStates))]
[Union(11, typeof(SetRole))]
[Union(12, typeof(RemoveRole))]
public abstract record Command
{
    /// <summary>
    /// The client's id for this request. A retried request carries the same id and is
    /// applied once; the first answer is returned again.
    /// </summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>
    /// Checks the command's own fields. Called at the HTTP edge (to answer 400) and again
    /// on apply, so every replica rejects an invalid command in exactly the same way.
    /// </summary>
    public abstract Rejection? Validate();

    /// <summary>
    /// Checks the request id; commands call this first from <see cref="Validate"/>, and the
    /// state machine calls it to decide whether the id can be remembered at all.
    /// </summary>
    public Rejection? ValidateRequestId()
    {
        if (string.IsNullOrEmpty(RequestId))
            return Rejection.Invalid("requestId", "a request id is required");
        if (RequestId.Length > Limits.RequestIdLengthMax)
            return Rejection.Invalid("requestId", $"a request id is at most {Limits.RequestIdLengthMax} characters");
        if (!KeyRules.IsWellFormed(RequestId))
            return Rejection.Invalid("requestId", "a request id must be well-formed Unicode");
        return null;
    }
}
