using System.Text.Json;

namespace Raftos.Bench;

/// <summary>
/// Asks each master for <c>/v1/cluster</c> and takes the one whose own nodeId is the leaderId it reports,
/// then looks its pid up in the cluster file that <c>raftos dev</c> wrote (the HTTP API does not expose pids).
/// </summary>
internal sealed class RaftosLeaderLocator(HttpClient http, IReadOnlyList<Uri> endpoints, FileInfo clusterFile) : ILeaderLocator
{
    public async Task<KillableLeader?> TryFindLeaderAsync(CancellationToken cancellationToken)
    {
        foreach (var endpoint in endpoints)
        {
            string? leaderId;
            try
            {
                using var response = await http.GetAsync(new Uri(endpoint, "v1/cluster"), cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    continue;
                }

                using var view = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                var self = JsonFields.IdText(view.RootElement, "nodeId");
                leaderId = JsonFields.IdText(view.RootElement, "leaderId");
                if (leaderId is null || self != leaderId)
                {
                    continue;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException
                                           || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                continue;
            }

            var pid = await FindPidAsync(leaderId, cancellationToken);
            return pid is null
                ? throw new InvalidOperationException($"Leader {leaderId} is not listed with a pid in {clusterFile.FullName}.")
                : new KillableLeader(leaderId, endpoint, pid.Value);
        }

        return null;
    }

    private async Task<int?> FindPidAsync(string memberId, CancellationToken cancellationToken)
    {
        // Re-read every time: the dev cluster may have been restarted since the last trial.
        var text = await File.ReadAllTextAsync(clusterFile.FullName, cancellationToken);
        using var cluster = JsonDocument.Parse(text);
        if (!cluster.RootElement.TryGetProperty("masters", out var masters) || masters.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var master in masters.EnumerateArray())
        {
            if (JsonFields.IdText(master, "id") == memberId)
            {
                return JsonFields.Int32(master, "pid");
            }
        }

        return null;
    }
}
