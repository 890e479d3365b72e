using System.Net;
using Xunit.Abstractions;

namespace Raftos.EndToEnd.Tests;

/// <summary>Writes through any master, and compare-and-set across masters.</summary>
public sealed class WritePathTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_write_sent_to_a_follower_is_forwarded_and_readable_everywhere()
    {
        await using var cluster = await TestCluster.StartAsync(output);
        var leader = await cluster.LeaderAsync();
        var follower = cluster.Masters.First(m => m.Id != leader.Id);

        var result = await cluster.Http.PutAsync(follower.HttpUrl, "greeting", "hello");
        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.True(result.Index > 0, "the answer carries the index it was applied at");

        foreach (var master in cluster.Masters)
        {
            var (status, value, index) = await cluster.Http.GetAsync(master.HttpUrl, "greeting");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("hello", value!.Text);
            Assert.Equal(result.Revision, value.ModRevision);
            Assert.True(index >= result.Index, $"a linearizable read on {master.Id} reflects index {index} >= {result.Index}");
        }
    }

    [Fact]
    public async Task Concurrent_compare_and_set_through_every_master_has_exactly_one_winner()
    {
        await using var cluster = await TestCluster.StartAsync(output);
        var created = await cluster.Http.PutAsync(cluster.Masters[0].HttpUrl, "lock", "free");
        Assert.Equal(HttpStatusCode.OK, created.Status);

        var attempts = Enumerable.Range(0, 30)
            .Select(i => cluster.Http.PutAsync(cluster.Masters[i % 3].HttpUrl, "lock", $"owner-{i}", cas: created.Revision))
            .ToArray();
        var results = await Task.WhenAll(attempts);

        var winners = results.Where(r => r.Status == HttpStatusCode.OK).ToArray();
        Assert.Single(winners);
        Assert.All(results.Where(r => r.Status != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.Status));
        var (_, value, _) = await cluster.Http.GetAsync(cluster.Masters[2].HttpUrl, "lock");
        Assert.Equal(winners[0].Revision, value!.ModRevision);
    }

    [Fact]
    public async Task A_retried_write_with_the_same_request_id_is_applied_once()
    {
        await using var cluster = await TestCluster.StartAsync(output);
        var first = await cluster.Http.PutAsync(cluster.Masters[1].HttpUrl, "counter", "1", requestId: "retry-me");
        var again = await cluster.Http.PutAsync(cluster.Masters[2].HttpUrl, "counter", "1", requestId: "retry-me");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(first.Revision, again.Revision);
        var (_, value, _) = await cluster.Http.GetAsync(cluster.Masters[0].HttpUrl, "counter");
        Assert.Equal(1, value!.Version);
    }
}
