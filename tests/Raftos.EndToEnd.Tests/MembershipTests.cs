using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Xunit.Abstractions;

namespace Raftos.EndToEnd.Tests;

/// <summary>Masters join and leave at run time, one change at a time, while clients keep writing.</summary>
public sealed class MembershipTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_master_is_added_and_another_removed_under_write_load_without_losing_writes()
    {
        // Frequent snapshots: the new master catches up by snapshot installation, not only the log.
        var settings = new Dictionary<string, string> { ["SnapshotEveryEntries"] = "50" };
        await using var cluster = await TestCluster.StartAsync(output, settings: settings);
        var acknowledged = new ConcurrentDictionary<string, string>();
        using var stopWriters = new CancellationTokenSource();
        var urls = cluster.Masters.Select(m => m.HttpUrl).ToArray();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stopWriters.IsCancellationRequested; i++)
            {
                var key = $"load/{w}/{i}";
                var result = await cluster.Http.PutWithRetriesAsync(urls, key, $"{w}-{i}", TimeSpan.FromSeconds(20));
                Assert.Equal(HttpStatusCode.OK, result.Status);
                acknowledged[key] = $"{w}-{i}";
            }
        })).ToArray();

        // m4 starts in join mode (no peers) and is added through a follower, which forwards to the leader.
        var leader = await cluster.LeaderAsync();
        var follower = cluster.Masters.First(m => m.Id != leader.Id);
        var joining = cluster.Local.Define();
        joining.Start([], settings);
        await Eventually.HoldsAsync(() => RespondsAsync(cluster, joining), TimeSpan.FromSeconds(20), "m4 listening");
        // A change interrupted by a leader change (likely on a loaded machine) answers 503 or
        // 409; as a careful operator would, retry: adding is idempotent.
        await RetryChangeAsync(() => cluster.Http.Client.PostAsJsonAsync($"{follower.HttpUrl}/v1/cluster/masters",
            new { id = joining.Id, raftAddress = joining.RaftAddress, httpAddress = joining.HttpUrl }), HttpStatusCode.Created);

        await Eventually.HoldsAsync(async () =>
        {
            var view = await cluster.Http.ClusterAsync(leader.HttpUrl);
            return view!.Masters.Count(m => m.Voter) == 4 && view.Masters.Any(m => m.Id == joining.Id && m.Voter);
        }, TimeSpan.FromSeconds(20), "m4 listed as a voter");
        var countAtJoin = acknowledged.Count;
        await Eventually.HoldsAsync(() => Task.FromResult(acknowledged.Count > countAtJoin + 50), TimeSpan.FromSeconds(20), "writes continuing after the join");

        // Remove a follower that is not the leader.
        leader = await cluster.LeaderAsync();
        var leaving = cluster.Masters.First(m => m.Id != leader.Id && m.Id != joining.Id);
        output.WriteLine($"leader {leader.Id}; removing {leaving.Id} through {joining.Id}");
        await RetryChangeAsync(() => cluster.Http.Client.DeleteAsync($"{joining.HttpUrl}/v1/cluster/masters/{leaving.Id}"), HttpStatusCode.OK);

        var countAtLeave = acknowledged.Count;
        await Eventually.HoldsAsync(() => Task.FromResult(acknowledged.Count > countAtLeave + 50), TimeSpan.FromSeconds(20), "writes continuing after the removal");
        await stopWriters.CancelAsync();
        await Task.WhenAll(writers);

        var view = await cluster.Http.ClusterAsync(joining.HttpUrl);
        Assert.DoesNotContain(view!.Masters, m => m.Id == leaving.Id);
        Assert.Equal(3, view.Masters.Count(m => m.Voter));
        output.WriteLine($"{acknowledged.Count} acknowledged writes during the changes");

        // Every acknowledged write is on the new master (which joined after many of them).
        foreach (var (key, value) in acknowledged)
        {
            var (status, actual, _) = await cluster.Http.GetAsync(joining.HttpUrl, key);
            Assert.True(status == HttpStatusCode.OK, $"{key} missing on {joining.Id}");
            Assert.Equal(value, actual!.Text);
        }
    }

    [Fact]
    public async Task Removing_an_unknown_master_is_404_and_changes_nothing()
    {
        await using var cluster = await TestCluster.StartAsync(output);
        var before = await cluster.Http.ClusterAsync(cluster.Masters[0].HttpUrl);
        using var response = await cluster.Http.Client.DeleteAsync($"{cluster.Masters[1].HttpUrl}/v1/cluster/masters/m9");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var after = await cluster.Http.ClusterAsync(cluster.Masters[0].HttpUrl);
        Assert.Equal(before!.Masters.Select(m => m.Id), after!.Masters.Select(m => m.Id));
    }

    private static async Task<bool> RespondsAsync(TestCluster cluster, Raftos.Dev.LocalMaster master)
    {
        using var response = await cluster.Http.Client.GetAsync($"{master.HttpUrl}/health/live");
        return response.IsSuccessStatusCode;
    }

    private static async Task RetryChangeAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode success)
    {
        var last = "";
        await Eventually.HoldsAsync(async () =>
        {
            using var response = await send();
            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            if (response.StatusCode == success)
                return true;
            Assert.True(response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.Conflict, last);
            return false;
        }, TimeSpan.FromSeconds(30), "the membership change succeeding");
        Assert.NotEmpty(last);
    }
}
