using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Raftos.Bench;

/// <summary>
/// Asks each etcd member for <c>/v3/maintenance/status</c> and takes the member that reports itself as
/// leader (header.member_id == leader); a follower's idea of the leader can be stale.
/// </summary>
internal sealed class EtcdLeaderLocator(HttpClient http, IReadOnlyDictionary<Uri, int> pidsByEndpoint) : ILeaderLocator
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public async Task<KillableLeader?> TryFindLeaderAsync(CancellationToken cancellationToken)
    {
        foreach (var (endpoint, pid) in pidsByEndpoint)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, "v3/maintenance/status"));
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes("{}"));
                request.Content.Headers.ContentType = Json;
                using var response = await http.SendAsync(request, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    continue;
                }

                using var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                var root = status.RootElement;
                var self = root.TryGetProperty("header", out var header) ? JsonFields.IdText(header, "member_id") : null;
                var leader = JsonFields.IdText(root, "leader");
                if (self is not null && self == leader)
                {
                    return new KillableLeader(self, endpoint, pid);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException
                                           || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // A member that is down or restarting simply is not the leader; the others answer.
            }
        }

        return null;
    }
}
