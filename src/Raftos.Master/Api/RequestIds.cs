using Microsoft.AspNetCore.Http;

namespace Raftos.Master.Api;

/// <summary>The request id of a write: the client's X-Raftos-Request-Id, or a fresh one.</summary>
internal static class RequestIds
{
    public static string Of(HttpContext context)
        => context.Request.Headers.TryGetValue(KeyValueEndpoints.RequestIdHeader, out var id) && !string.IsNullOrEmpty(id)
            ? id.ToString()
            : Guid.NewGuid().ToString("N");
}
