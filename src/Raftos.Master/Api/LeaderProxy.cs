using Microsoft.AspNetCore.Http;
using Raftos.Master.Writes;

namespace Raftos.Master.Api;

/// <summary>
/// Passes an operator request that only the leader can carry out (membership changes) on to
/// the leader, and its answer back, so any master can be addressed.
/// </summary>
public sealed class LeaderProxy(LeaderDirectory leaders, HttpClient http)
{
    /// <summary>Forwards the request; 503 when no leader is known or it cannot be reached.</summary>
    public async Task<IResult> ForwardAsync(HttpContext context, byte[]? body)
    {
        ArgumentNullException.ThrowIfNull(context);
        var leaderUrl = await leaders.LeaderHttpUrlAsync(context.RequestAborted).ConfigureAwait(false);
        if (leaderUrl is null)
            return Problems.Unavailable("no leader is known; retry shortly");

        var target = new Uri(new Uri(leaderUrl), context.Request.Path + context.Request.QueryString);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (context.Request.ContentType is { } type)
                request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        }

        try
        {
            using var response = await http.SendAsync(request, context.RequestAborted).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(context.RequestAborted).ConfigureAwait(false);
            return new Relayed((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), bytes);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException
                                      || (e is OperationCanceledException && !context.RequestAborted.IsCancellationRequested))
        {
            // The leader died or was deposed mid-request: the client retries, here or elsewhere.
            return Problems.Unavailable($"the leader at {leaderUrl} could not be reached: {e.Message}");
        }
    }

    private sealed class Relayed(int status, string? contentType, byte[] body) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            if (contentType is not null)
                httpContext.Response.ContentType = contentType;
            return httpContext.Response.Body.WriteAsync(body).AsTask();
        }
    }
}
