using System.Net;
using System.Text;
using Raftos.Client;

namespace Raftos.EndToEnd.Tests;

/// <summary>GET /v1/events: every applied change, in log order, as Server-Sent Events.</summary>
[Collection(ApiCluster.Name)]
public sealed class EventStreamTests(ApiCluster fixture)
{
    private readonly TestCluster cluster = fixture.Cluster;

    [Fact]
    public async Task Keys_written_are_streamed_from_index_0_as_exactly_those_puts_in_order()
    {
        var prefix = $"events/{Guid.NewGuid():N}/";
        var written = new List<(string Key, long Revision)>();
        for (var i = 0; i < 20; i++)
        {
            var result = await cluster.Http.PutAsync(cluster.Masters[i % 3].HttpUrl, $"{prefix}{i}", $"v{i}");
            Assert.Equal(HttpStatusCode.OK, result.Status);
            written.Add(($"{prefix}{i}", result.Revision));
        }

        using var client = new RaftosClient(cluster.Masters[2].HttpUrl);
        using var done = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<RaftosEvent>();
        await foreach (var item in client.WatchEventsAsync(0, ["kv"], done.Token))
        {
            Assert.False(item.IsReset);
            if (item.Data.GetProperty("key").GetString()!.StartsWith(prefix, StringComparison.Ordinal))
                seen.Add(item);
            if (seen.Count == written.Count)
                break;
        }

        Assert.Equal(written, seen.Select(e => (e.Data.GetProperty("key").GetString()!, e.Data.GetProperty("revision").GetInt64())));
        Assert.All(seen, e => Assert.Equal("put", e.Change));
        Assert.Equal(seen.Select(e => e.Index).Order(), seen.Select(e => e.Index));
        Assert.Equal("v0", Encoding.UTF8.GetString(Convert.FromBase64String(seen[0].Data.GetProperty("value").GetString()!)));
        foreach (var (key, _) in written)
            await cluster.Http.DeleteAsync(cluster.Masters[0].HttpUrl, key);
    }

    [Fact]
    public async Task The_stream_is_server_sent_events_with_the_log_index_as_id()
    {
        var key = $"events/{Guid.NewGuid():N}";
        var put = await cluster.Http.PutAsync(cluster.Masters[0].HttpUrl, key, "blue");
        Assert.Equal(HttpStatusCode.OK, put.Status);

        using var done = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var response = await cluster.Http.Client.GetAsync($"{cluster.Masters[1].HttpUrl}/v1/events?index={put.Index - 1}&topic=kv", HttpCompletionOption.ResponseHeadersRead, done.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(done.Token));
        var lines = new List<string>();
        while (lines.Count < 3)
            lines.Add((await reader.ReadLineAsync(done.Token))!);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"id: {put.Index}", lines[0]);
        Assert.Equal("event: kv", lines[1]);
        Assert.StartsWith($"data: {{\"index\":{put.Index},\"change\":\"put\",\"key\":\"{key}\",\"revision\":{put.Revision},\"value\":\"Ymx1ZQ==\"}}", lines[2], StringComparison.Ordinal);
        await cluster.Http.DeleteAsync(cluster.Masters[0].HttpUrl, key);
    }

    [Fact]
    public async Task An_unknown_topic_is_a_400()
    {
        using var answer = await cluster.Http.Client.GetAsync($"{cluster.Masters[0].HttpUrl}/v1/events?topic=kv,weather");

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("\"field\":\"topic\"", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
