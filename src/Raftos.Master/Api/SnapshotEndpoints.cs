using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Raftos.Core;

namespace Raftos.Master.Api;

/// <summary>GET /v1/snapshot: the applied cluster state, for backups (<c>raftos snapshot save</c>).</summary>
public static class SnapshotEndpoints
{
    /// <summary>Maps the snapshot route.</summary>
    public static void MapSnapshots(this IEndpointRouteBuilder app) => app.MapGet("/v1/snapshot", GetAsync);

    // Encoded under the state's lock, so the bytes and X-Raftos-Index describe one applied index.
    private static async Task<IResult> GetAsync(HttpContext context, ReadGate reads)
    {
        var (ok, bytes) = await reads.ReadAsync(context, s => RaftosSerializer.Encode(s.ToSnapshot())).ConfigureAwait(false);
        return ok ? Results.Bytes(bytes, "application/octet-stream") : Problems.ReadBarrierFailed();
    }
}
