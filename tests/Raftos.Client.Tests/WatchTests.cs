using System.Net;

namespace Raftos.Client.Tests;

/// <summary>A watch whose stream breaks resumes on the next master after the last event it passed on.</summary>
public sealed class WatchTests
{
    private static string Event(long id, string key)
        => $"id: {id}\nevent: kv\ndata: {{\"index\":{id},\"change\":\"put\",\"key\":\"{key}\",\"revision\":1,\"value\":\"\"}}\n\n";

    [Fact]
    public async Task A_stream_broken_inside_an_entry_resumes_elsewhere_without_gap_or_duplicate()
    {
        var masters = new ScriptedMasters(request => request.RequestUri!.Host == "a"
            ? ScriptedMasters.Json(HttpStatusCode.OK, ": keep-alive\n\n" + Event(5, "k1") + Event(6, "k2"), "text/event-stream")
            : ScriptedMasters.Json(HttpStatusCode.OK, Event(6, "k2") + Event(6, "k3") + Event(7, "k4"), "text/event-stream"));
        using var client = ScriptedMasters.ClientOf(masters, "a", "b");

        var keys = new List<(long, string)>();
        await foreach (var item in client.WatchEventsAsync(4, ["kv"]))
        {
            keys.Add((item.Index, item.Data.GetProperty("key").GetString()!));
            if (keys.Count == 4)
                break;
        }

        Assert.Equal([(5, "k1"), (6, "k2"), (6, "k3"), (7, "k4")], keys);
        Assert.Equal(["/v1/events?index=4&topic=kv", "/v1/events?index=5&topic=kv"], masters.Requests.Select(r => r.Path).Take(2));
        Assert.Equal(["a", "b"], masters.Requests.Select(r => r.Master).Take(2));
    }

    [Fact]
    public async Task A_reset_is_passed_on_and_the_watch_follows_from_its_index()
    {
        var masters = new ScriptedMasters(_ => ScriptedMasters.Json(HttpStatusCode.OK, "id: 40\nevent: reset\ndata: {\"index\":40}\n\n" + Event(41, "k"), "text/event-stream"));
        using var client = ScriptedMasters.ClientOf(masters, "a");

        var seen = new List<RaftosEvent>();
        await foreach (var item in client.WatchEventsAsync(1))
        {
            seen.Add(item);
            if (seen.Count == 2)
                break;
        }

        Assert.True(seen[0].IsReset);
        Assert.Equal(40, seen[0].Index);
        Assert.Equal(41, seen[1].Index);
    }
}
