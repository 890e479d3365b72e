using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Raftos.Client;

namespace Raftos.EndToEnd.Tests;

/// <summary>
/// <c>raftos events</c> and <c>raftos kv watch</c> against a real cluster: the CLI runs while the
/// test changes keys through the client, its lines are read as it prints them, and it is stopped
/// with SIGTERM (the CLI treats it as Ctrl-C). Every key is under a prefix of its own, deleted after.
/// </summary>
[Collection(ApiCluster.Name)]
public sealed class CliWatchTests(ApiCluster fixture) : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    private readonly TestCluster cluster = fixture.Cluster;
    private readonly RaftosClient client = new([.. fixture.Cluster.MasterUrls]);

    [Fact]
    public async Task Kv_watch_prints_each_put_and_delete_under_the_prefix_made_after_it_started_in_order_and_once()
    {
        var prefix = $"cliwatch/{Guid.NewGuid():N}/";
        try
        {
            // Made before the start: not shown.
            await client.KeyValues.PutAsync(prefix + "before", "old");
            await using var watch = FollowingCli.Start(cluster.MasterUrls, "kv", "watch", prefix);
            var readyPuts = await UntilFollowingAsync(watch, prefix + "ready");

            // Next to the prefix but not under it: not shown.
            await client.KeyValues.PutAsync(prefix.TrimEnd('/') + "-beside", "no");
            await client.KeyValues.PutAsync(prefix + "color", "blue");
            await client.KeyValues.PutAsync(prefix + "shape", "round");
            await client.KeyValues.PutAsync(prefix + "color", "red");
            await client.KeyValues.DeleteAsync(prefix + "color");
            await client.KeyValues.DeleteAsync(prefix + "shape");
            await client.KeyValues.PutAsync(prefix + "end", "done");
            await watch.WaitForAsync(lines => lines.Any(l => l.EndsWith($" kv put {prefix}end = done", StringComparison.Ordinal)), Settle, "the last put shown");

            var lines = AfterReadyLines((await watch.TerminateAsync()).Succeeded(), prefix + "ready", readyPuts, out var readyIndexes);
            string[] expected =
            [
                $"kv put {prefix}color = blue",
                $"kv put {prefix}shape = round",
                $"kv put {prefix}color = red",
                $"kv delete {prefix}color",
                $"kv delete {prefix}shape",
                $"kv put {prefix}end = done",
            ];
            Assert.Equal(expected, lines.Select(l => l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..]));
            AssertStrictlyIncreasing([.. readyIndexes, .. lines.Select(LeadingIndex)]);
        }
        finally
        {
            await DeleteAllAsync(prefix.TrimEnd('/'));
        }
    }

    [Fact]
    public async Task Kv_watch_of_a_key_with_json_prints_one_json_object_per_change_with_its_revision()
    {
        var prefix = $"cliwatch/{Guid.NewGuid():N}/";
        var key = prefix + "color";
        await using var watch = FollowingCli.Start(cluster.MasterUrls, "kv", "watch", key, "--json");
        try
        {
            var readyPuts = await UntilFollowingAsync(watch, key);

            var blue = await client.KeyValues.PutAsync(key, "blue");
            await client.KeyValues.PutAsync(prefix + "shape", "round");
            var red = await client.KeyValues.PutAsync(key, "red");
            var deleted = await client.KeyValues.DeleteAsync(key);
            await watch.WaitForAsync(lines => lines.Any(l => l.Contains("\"change\":\"delete\"", StringComparison.Ordinal)), Settle, "the delete shown");

            var events = (await watch.TerminateAsync()).Succeeded().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ParseEvent).ToList();
            // First some of the puts that waited for the watch to start (the last of them at least), then exactly the changes.
            var ready = events.TakeWhile(e => e.Value?.StartsWith("ready-", StringComparison.Ordinal) == true).ToList();
            Assert.NotEmpty(ready);
            Assert.Equal(Enumerable.Range(readyPuts - ready.Count, ready.Count).Select(i => $"ready-{i}"), ready.Select(e => e.Value));
            Assert.Equal(
                [("put", key, blue.Revision, "blue"), ("put", key, red.Revision, "red"), ("delete", key, deleted.Revision, null)],
                events.Skip(ready.Count).Select(e => (e.Change, e.Key, e.Revision, e.Value)));
            Assert.All(events, e => Assert.Equal("kv", e.Kind));
            AssertStrictlyIncreasing([.. events.Select(e => e.Index)]);
        }
        finally
        {
            await DeleteAllAsync(prefix);
        }
    }

    [Fact]
    public async Task Events_of_topic_kv_are_the_changes_made_after_the_start_and_no_other_kind()
    {
        var prefix = $"cliwatch/{Guid.NewGuid():N}/";
        try
        {
            // Made before the start: not shown.
            await client.KeyValues.PutAsync(prefix + "before", "old");
            await using var events = FollowingCli.Start(cluster.MasterUrls, "events", "--topic", "kv");
            var readyPuts = await UntilFollowingAsync(events, prefix + "ready");

            await client.KeyValues.PutAsync(prefix + "color", "blue");
            // An agent event in the middle, which the topic leaves out.
            await client.Agents.DrainAsync("a1");
            await client.Agents.UndrainAsync("a1");
            await client.KeyValues.DeleteAsync(prefix + "color");
            await client.KeyValues.PutAsync(prefix + "end", "done");
            await events.WaitForAsync(lines => lines.Any(l => l.EndsWith($" kv put {prefix}end = done", StringComparison.Ordinal)), Settle, "the last put shown");

            var output = (await events.TerminateAsync()).Succeeded();
            var all = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.All(all, l => Assert.Matches(@"^\d+ kv (put|delete) \S+", l));
            var ours = AfterReadyLines(string.Join('\n', all.Where(l => l.Contains($" {prefix}", StringComparison.Ordinal))), prefix + "ready", readyPuts, out _);
            Assert.Equal([$"kv put {prefix}color = blue", $"kv delete {prefix}color", $"kv put {prefix}end = done"], ours.Select(l => l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..]));
            AssertStrictlyIncreasing([.. all.Select(LeadingIndex)]);
        }
        finally
        {
            await client.Agents.UndrainAsync("a1");
            await DeleteAllAsync(prefix);
        }
    }

    [Fact]
    public async Task Events_from_a_past_index_replay_the_changes_made_before_the_start_then_follow_without_duplicates()
    {
        var prefix = $"cliwatch/{Guid.NewGuid():N}/";
        try
        {
            var from = (await client.Cluster.GetAsync()).AppliedIndex;
            await client.KeyValues.PutAsync(prefix + "a", "1");
            await client.KeyValues.PutAsync(prefix + "b", "2");
            await client.KeyValues.DeleteAsync(prefix + "a");

            await using var events = FollowingCli.Start(cluster.MasterUrls, "events", "--topic", "kv", "--index", from.ToString(CultureInfo.InvariantCulture));
            await events.WaitForAsync(lines => lines.Any(l => l.EndsWith($" kv delete {prefix}a", StringComparison.Ordinal)), Settle, "the changes before the start replayed");
            await client.KeyValues.PutAsync(prefix + "c", "3");
            await client.KeyValues.DeleteAsync(prefix + "b");
            await events.WaitForAsync(lines => lines.Any(l => l.EndsWith($" kv delete {prefix}b", StringComparison.Ordinal)), Settle, "the changes after the start shown");

            var all = (await events.TerminateAsync()).Succeeded().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            string[] expected = [$"kv put {prefix}a = 1", $"kv put {prefix}b = 2", $"kv delete {prefix}a", $"kv put {prefix}c = 3", $"kv delete {prefix}b"];
            Assert.Equal(expected, all.Where(l => l.Contains($" {prefix}", StringComparison.Ordinal)).Select(l => l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..]));
            Assert.All(all, l => Assert.True(LeadingIndex(l) > from, $"'{l}' is not after index {from}"));
            AssertStrictlyIncreasing([.. all.Select(LeadingIndex)]);
        }
        finally
        {
            await DeleteAllAsync(prefix);
        }
    }

    [Fact]
    public async Task Events_with_json_are_one_json_object_per_line_with_strictly_increasing_indexes()
    {
        var prefix = $"cliwatch/{Guid.NewGuid():N}/";
        try
        {
            var from = (await client.Cluster.GetAsync()).AppliedIndex;
            var before = await client.KeyValues.PutAsync(prefix + "color", "blue");

            await using var events = FollowingCli.Start(cluster.MasterUrls, "events", "--topic", "kv", "--index", from.ToString(CultureInfo.InvariantCulture), "--json");
            await events.WaitForAsync(lines => lines.Any(l => l.Contains($"\"key\":\"{prefix}color\"", StringComparison.Ordinal)), Settle, "the put before the start replayed");
            var after = await client.KeyValues.DeleteAsync(prefix + "color");
            await events.WaitForAsync(lines => lines.Any(l => l.Contains("\"change\":\"delete\"", StringComparison.Ordinal) && l.Contains(prefix, StringComparison.Ordinal)), Settle, "the delete shown");

            var all = (await events.TerminateAsync()).Succeeded().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ParseEvent).ToList();
            Assert.All(all, e => Assert.Equal("kv", e.Kind));
            Assert.True(all[0].Index > from, $"the first event, at {all[0].Index}, is not after index {from}");
            AssertStrictlyIncreasing([.. all.Select(e => e.Index)]);
            Assert.Equal(
                [("put", prefix + "color", before.Revision, "blue"), ("delete", prefix + "color", after.Revision, null)],
                all.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(e => (e.Change, e.Key, e.Revision, e.Value)));
        }
        finally
        {
            await DeleteAllAsync(prefix);
        }
    }

    [Fact]
    public async Task An_unknown_event_topic_and_kv_watch_without_a_key_fail_with_one_clear_line()
    {
        const string Listed = "topic is a comma-separated list of agent, job, kv, master, task";

        var nonsense = (await RaftosAsync("events", "--topic", "nonsense")).Failed();
        var mixed = (await RaftosAsync("events", "--topic", "kv,weather", "--index", "0")).Failed();
        var noKey = await RaftosAsync("kv", "watch");

        Assert.Equal($"raftos: {Listed}; not 'nonsense' (400)", nonsense);
        Assert.Equal($"raftos: {Listed}; not 'weather' (400)", mixed);
        Assert.True(noKey.ExitCode == 1, noKey.ToString());
        Assert.Equal("Required argument 'KEY|PREFIX' missing for command: 'watch'.", Assert.Single(noKey.ErrorLines));
        Assert.Contains("raftos kv watch <KEY|PREFIX> [options]", noKey.Output, StringComparison.Ordinal);
    }

    private Task<RaftosCli.Result> RaftosAsync(params string[] arguments) => RaftosCli.RunAsync(cluster.MasterUrls, arguments);

    // Puts ready-0, ready-1, ... to key until the CLI shows a line: from then on it follows.
    // Returns how many puts it made.
    private async Task<int> UntilFollowingAsync(FollowingCli cli, string key)
    {
        var puts = 0;
        await Eventually.HoldsAsync(async () =>
        {
            await client.KeyValues.PutAsync(key, $"ready-{puts++}");
            return await cli.ShowsWithinAsync(lines => lines.Count > 0, TimeSpan.FromMilliseconds(300));
        }, Settle, $"{cli} following");
        return puts;
    }

    // The human lines after those of the last ready-N puts to readyKey, which must come first, each once, in order.
    private static List<string> AfterReadyLines(string output, string readyKey, int readyPuts, out List<long> readyIndexes)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        var ready = new Regex($@"^(\d+) kv put {Regex.Escape(readyKey)} = ready-(\d+)$");
        var matches = lines.Select(l => ready.Match(l)).TakeWhile(m => m.Success).ToList();
        Assert.True(matches.Count > 0, $"no ready line first in:\n{output}");
        var numbers = matches.Select(m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(readyPuts - numbers.Count, numbers.Count), numbers);
        readyIndexes = [.. matches.Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];
        var rest = lines.Skip(matches.Count).ToList();
        Assert.DoesNotContain(rest, l => l.Contains($" {readyKey} ", StringComparison.Ordinal));
        return rest;
    }

    private static long LeadingIndex(string line) => long.Parse(line[..line.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture);

    private static void AssertStrictlyIncreasing(IReadOnlyList<long> indexes)
    {
        for (var i = 1; i < indexes.Count; i++)
            Assert.True(indexes[i] > indexes[i - 1], $"index {indexes[i]} after {indexes[i - 1]} in [{string.Join(", ", indexes)}]");
    }

    private sealed record KvEvent(long Index, string Kind, string Change, string Key, long Revision, string? Value);

    // One line of --json: {"index":..,"kind":"kv","data":{"index":..,"change":..,"key":..,"revision":..,"value":base64}}.
    private static KvEvent ParseEvent(string line)
    {
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        var data = root.GetProperty("data");
        var index = root.GetProperty("index").GetInt64();
        Assert.Equal(index, data.GetProperty("index").GetInt64());
        var value = data.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String ? Encoding.UTF8.GetString(v.GetBytesFromBase64()) : null;
        return new KvEvent(index, root.GetProperty("kind").GetString()!, data.GetProperty("change").GetString()!, data.GetProperty("key").GetString()!, data.GetProperty("revision").GetInt64(), value);
    }

    private async Task DeleteAllAsync(string prefix)
    {
        foreach (var entry in await client.KeyValues.ListAsync(prefix))
            await client.KeyValues.DeleteAsync(entry.Key);
    }

    public void Dispose() => client.Dispose();
}
