using System.Collections.Concurrent;
using System.Net;
using Raftos.Client;
using Xunit.Abstractions;

namespace Raftos.EndToEnd.Tests;

/// <summary>A watch survives the death of the master streaming it: it resumes on another with no gap and no duplicate.</summary>
public sealed class EventFailoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_watch_on_the_leader_resumes_on_another_master_when_the_leader_is_killed_without_gap_or_duplicate()
    {
        await using var cluster = await TestCluster.StartAsync(output);
        var leader = await cluster.LeaderAsync();
        var others = cluster.Masters.Where(m => m != leader).Select(m => new Uri(m.HttpUrl));
        using var client = new RaftosClient(new RaftosClientOptions { Masters = [new Uri(leader.HttpUrl), .. others] });
        var start = (await client.Cluster.GetAsync()).AppliedIndex;

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var received = new ConcurrentQueue<RaftosEvent>();
        var watch = Task.Run(async () =>
        {
            await foreach (var item in client.WatchEventsAsync(start, ["kv"], stop.Token))
                received.Enqueue(item);
        });

        var acknowledged = new List<long>();
        var urls = cluster.MasterUrls;
        for (var i = 0; i < 150; i++)
        {
            if (i == 50)
            {
                await Eventually.HoldsAsync(() => Task.FromResult(received.Count >= 50), TimeSpan.FromSeconds(20), "the watch seeing the first writes");
                leader.Kill();
                urls = [.. cluster.Masters.Where(m => m.IsRunning).Select(m => m.HttpUrl)];
            }

            var result = await cluster.Http.PutWithRetriesAsync(urls, $"watched/{i}", $"v{i}", TimeSpan.FromSeconds(20));
            Assert.Equal(HttpStatusCode.OK, result.Status);
            acknowledged.Add(result.Revision);
        }

        await Eventually.HoldsAsync(() => Task.FromResult(received.Any(e => e.Data.GetProperty("revision").GetInt64() == acknowledged[^1])),
            TimeSpan.FromSeconds(30), "the watch seeing the last acknowledged write");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watch);

        var events = received.ToList();
        Assert.DoesNotContain(events, e => e.IsReset);
        var ids = events.Select(e => e.Index).ToList();
        Assert.True(ids.Zip(ids.Skip(1)).All(p => p.First < p.Second), "event ids strictly increase: " + string.Join(",", ids));
        var revisions = events.Select(e => e.Data.GetProperty("revision").GetInt64()).ToList();
        Assert.Equal(revisions.Distinct().Count(), revisions.Count);
        Assert.Empty(acknowledged.Except(revisions));
        Assert.NotEqual(new Uri(leader.HttpUrl), client.CurrentMaster);
    }
}
