using System.Net;
using System.Text.Json;

namespace Raftos.EndToEnd.Tests;

/// <summary>GET /metrics on every master of a real cluster: Raft, fleet, scheduler and HTTP figures.</summary>
[Collection(ApiCluster.Name)]
public sealed class MetricsTests(ApiCluster fixture)
{
    private const string Running = "raftos_tasks{state=\"running\"}";
    private const string Placements = "raftos_scheduler_placements_total";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    private readonly TestCluster cluster = fixture.Cluster;

    [Fact]
    public async Task Every_master_serves_Prometheus_text_with_its_Raft_role_term_and_applied_index()
    {
        var leader = await cluster.LeaderAsync();
        foreach (var master in cluster.Masters)
        {
            var scrape = await MetricsScrape.OfAsync(cluster.Http, master.HttpUrl);
            Assert.StartsWith("text/plain; version=0.0.4", scrape.ContentType, StringComparison.Ordinal);
            Assert.Equal(master == leader ? 1 : 0, scrape["raftos_raft_is_leader"]);
            Assert.True(scrape["raftos_raft_term"] > 0, $"{master.Id} reports term {scrape["raftos_raft_term"]}");
            Assert.True(scrape["raftos_raft_applied_index"] > 0, $"{master.Id} reports applied index {scrape["raftos_raft_applied_index"]}");
            Assert.Equal(0, scrape["raftos_agents{status=\"lost\"}"]);
            Assert.Equal(1, scrape["raftos_agents{status=\"ready\"}"] + scrape["raftos_agents{status=\"suspect\"}"] + scrape["raftos_agents{status=\"draining\"}"]);
        }
    }

    [Fact]
    public async Task A_running_job_shows_in_the_task_gauges_the_leaders_placements_and_the_templated_http_routes()
    {
        const string id = "metered";
        var leader = await cluster.LeaderAsync();
        var before = await MetricsScrape.OfAsync(cluster.Http, leader.HttpUrl);
        var follower = cluster.Masters.First(m => m != leader).HttpUrl;

        var (status, body) = await cluster.Http.SubmitAsync(follower, FleetHttp.ServiceJob(id, 1));
        Assert.True(status == HttpStatusCode.Created, body);
        try
        {
            await Eventually.HoldsAsync(async () => (await JobAsync(follower, id)).GetProperty("placement").GetProperty("running").GetInt32() == 1,
                Settle, $"the task of {id} running");

            foreach (var master in cluster.Masters)
            {
                await Eventually.HoldsAsync(async () => (await MetricsScrape.OfAsync(cluster.Http, master.HttpUrl))[Running] == before[Running] + 1,
                    Settle, $"{master.Id} counting the running task");
            }

            var leaderAfter = await MetricsScrape.OfAsync(cluster.Http, leader.HttpUrl);
            Assert.True(leaderAfter[Placements] > before[Placements], $"placements went from {before[Placements]} to {leaderAfter[Placements]}");

            var http = (await MetricsScrape.OfAsync(cluster.Http, follower)).Samples.Keys.Where(s => s.StartsWith("raftos_http_", StringComparison.Ordinal)).ToList();
            Assert.Contains("raftos_http_requests_total{route=\"/v1/jobs/{id}\",method=\"GET\",code=\"200\"}", http);
            Assert.Contains("raftos_http_requests_total{route=\"/v1/jobs\",method=\"POST\",code=\"201\"}", http);
            Assert.DoesNotContain(http, s => s.Contains(id, StringComparison.Ordinal));
        }
        finally
        {
            await StopAsync(follower, id);
        }
    }

    // Leaves the shared cluster settled: the job stopped and every one of its tasks ended.
    private async Task StopAsync(string url, string id)
    {
        using (var stopped = await cluster.Http.Client.DeleteAsync($"{url}/v1/jobs/{id}"))
            Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        await Eventually.HoldsAsync(async () => (await JobAsync(url, id)).GetProperty("status").GetString() == "dead" && TaskProcesses.OfJob(id).Count == 0,
            Settle, $"every task of {id} ended");
    }

    private async Task<JsonElement> JobAsync(string url, string id)
    {
        using var response = await cluster.Http.Client.GetAsync($"{url}/v1/jobs/{id}");
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
