using System.Globalization;
using System.Net;

namespace Raftos.Client;

/// <summary>
/// A call that failed: the API answered with an error (<see cref="StatusCode"/> and the
/// problem's <see cref="Title"/>, <see cref="Detail"/> and, for a 400, the <see cref="Field"/>
/// at fault), or no master answered at all (<see cref="StatusCode"/> null).
/// </summary>
public sealed class RaftosApiException : Exception
{
    /// <summary>An error answer of the API.</summary>
    public RaftosApiException(HttpStatusCode statusCode, string? title, string? detail, string? field = null, long? currentRevision = null)
        : base(Describe(statusCode, title, detail))
    {
        StatusCode = statusCode;
        Title = title;
        Detail = detail;
        Field = field;
        CurrentRevision = currentRevision;
    }

    /// <summary>No answer: <paramref name="message"/> says which masters were tried and what went wrong.</summary>
    public RaftosApiException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status of the answer; null when no master answered.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The problem's title, e.g. <c>Not found</c>.</summary>
    public string? Title { get; }

    /// <summary>The problem's detail, e.g. <c>job 'web' does not exist</c>.</summary>
    public string? Detail { get; }

    /// <summary>For a 400, the request field at fault as a JSON path, e.g. <c>task.resources.memoryMb</c>.</summary>
    public string? Field { get; }

    /// <summary>For a 409 revision mismatch, the key's current revision.</summary>
    public long? CurrentRevision { get; }

    /// <summary>Whether no master answered (as opposed to an error answer).</summary>
    public bool IsUnreachable => StatusCode is null;

    private static string Describe(HttpStatusCode status, string? title, string? detail)
        => string.Create(CultureInfo.InvariantCulture, $"{(string.IsNullOrEmpty(detail) ? title ?? status.ToString() : detail)} ({(int)status})");
}
