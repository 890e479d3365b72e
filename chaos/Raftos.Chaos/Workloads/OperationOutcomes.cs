using System.Net;
using Raftos.Chaos.History;
using Raftos.Client;

namespace Raftos.Chaos.Workloads;

/// <summary>How a failed call counts in a history.</summary>
internal static class OperationOutcomes
{
    /// <summary>
    /// A definite refusal (4xx: bad input, not found, conflict) did nothing; anything else (no
    /// master answered, 503, a timeout, a 5xx) may or may not have been carried out.
    /// </summary>
    public static Outcome Of(Exception error) => error is RaftosApiException { StatusCode: { } status }
        && (int)status is >= 400 and < 500 && status != HttpStatusCode.MisdirectedRequest
            ? Outcome.Failed
            : Outcome.Unknown;
}
