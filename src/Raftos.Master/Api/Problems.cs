using Microsoft.AspNetCore.Http;
using Raftos.Core.Commands;

namespace Raftos.Master.Api;

/// <summary>Every error the API returns, as application/problem+json with a clear title and detail.</summary>
public static class Problems
{
    /// <summary>400 naming the offending field.</summary>
    public static IResult BadRequest(string detail, string? field = null)
        => Problem(StatusCodes.Status400BadRequest, "Invalid request", detail, field is null ? null : new() { ["field"] = field });

    /// <summary>404.</summary>
    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found", detail);

    /// <summary>409.</summary>
    public static IResult Conflict(string detail, Dictionary<string, object?>? extensions = null)
        => Problem(StatusCodes.Status409Conflict, "Conflict", detail, extensions);

    /// <summary>413.</summary>
    public static IResult TooLarge(long limit)
        => Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"the request body exceeds the limit of {limit} bytes");

    /// <summary>503: the cluster cannot serve this now; retry.</summary>
    public static IResult Unavailable(string detail) => Problem(StatusCodes.Status503ServiceUnavailable, "Unavailable", detail);

    /// <summary>503 for a linearizable read whose read barrier failed.</summary>
    public static IResult ReadBarrierFailed() => Unavailable("the read barrier could not be applied: no quorum or no leader");

    /// <summary>The HTTP form of a state machine rejection.</summary>
    public static IResult From(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rejection = result.Rejection ?? throw new ArgumentException("the command was applied", nameof(result));
        return rejection.Code switch
        {
            RejectionCode.Invalid => BadRequest(rejection.Detail, rejection.Field),
            RejectionCode.NotFound => NotFound(rejection.Detail),
            RejectionCode.RevisionMismatch => Problem(StatusCodes.Status409Conflict, "Revision mismatch", rejection.Detail,
                new() { ["currentRevision"] = result.Revision }),
            _ => Conflict(rejection.Detail),
        };
    }

    private static IResult Problem(int status, string title, string detail, Dictionary<string, object?>? extensions = null)
        => Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
}
