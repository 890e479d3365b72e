using System.Globalization;
using System.Net;
using System.Text.Json;
using Raftos.Client;
using Raftos.Dev;

namespace Raftos.EndToEnd.Tests;

/// <summary>
/// <c>raftos cluster</c>, <c>agent</c>, <c>role</c> and <c>kv</c> against a real cluster, and the
/// errors every operator command shares. Each test undoes its changes.
/// </summary>
[Collection(ApiCluster.Name)]
public sealed class CliTests(ApiCluster fixture) : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    private readonly TestCluster cluster = fixture.Cluster;
    private readonly RaftosClient client = new([.. fixture.Cluster.MasterUrls]);

    [Fact]
    public async Task Cluster_status_shows_the_leader_and_every_master()
    {
        var leader = await cluster.LeaderAsync();

        var status = (await RaftosAsync("cluster", "status")).Succeeded();

        Assert.Matches($@"(?m)^leader:\s+{leader.Id}$", status);
        Assert.Matches(@"(?m)^ID\s+ROLE\s+STATUS\s+VOTER\s+RAFT\s+HTTP$", status);
        // A master's status is as the answering master sees it: a follower may not know yet.
        foreach (var master in cluster.Masters)
            Assert.Matches($@"(?m)^{master.Id}\s+(leader|follower)\s+\w+\s+yes\s+{master.RaftAddress}\s+{master.HttpUrl}$", status);
        using var json = JsonDocument.Parse((await RaftosAsync("cluster", "status", "--json")).Succeeded());
        Assert.Equal(leader.Id, json.RootElement.GetProperty("leaderId").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("masters").GetArrayLength());
    }

    [Fact]
    public async Task A_master_is_added_and_removed()
    {
        // A fourth master in join mode, on the ports the cluster left free after its own.
        var first = cluster.Masters[0];
        var joining = new LocalMaster("m4", PortOf(first.RaftAddress) + 3, PortOf(first.HttpUrl) + 3, Path.Combine(cluster.Local.Dir, "m4"), RaftosExecutable.Current());
        joining.Start([], cluster.Local.Settings);
        try
        {
            await Eventually.HoldsAsync(async () => (await cluster.Http.Client.GetAsync($"{joining.HttpUrl}/health/live")).IsSuccessStatusCode, Settle, "m4 listening");

            var added = await MembershipChangeAsync("cluster", "masters", "add", "m4", "--raft", joining.RaftAddress, "--http", joining.HttpUrl);
            Assert.Equal($"master m4 added (raft {joining.RaftAddress}, http {joining.HttpUrl})\n", added);
            await Eventually.HoldsAsync(async () => (await client.Cluster.GetAsync()).Masters.Any(m => m.Id == "m4" && m.Voter), Settle, "m4 a voter");
            Assert.Matches($@"(?m)^m4\s+follower\s+\w+\s+yes\s+{joining.RaftAddress}", (await RaftosAsync("cluster", "status")).Succeeded());

            Assert.Equal("master m4 removed\n", await MembershipChangeAsync("cluster", "masters", "remove", "m4"));
            Assert.Equal("raftos: master 'm42' does not exist (404)", (await RaftosAsync("cluster", "masters", "remove", "m42")).Failed());
            var refused = (await RaftosAsync("cluster", "masters", "add", "m5", "--raft", "nowhere", "--http", "http://127.0.0.1:1")).Failed();
            Assert.StartsWith("raftos: a Raft address is host:port", refused, StringComparison.Ordinal);
            Assert.EndsWith("(400)", refused, StringComparison.Ordinal);
        }
        finally
        {
            if ((await client.Cluster.GetAsync()).Masters.Any(m => m.Id == "m4"))
                await client.Cluster.RemoveMasterAsync("m4");
            await joining.StopAsync(TimeSpan.FromSeconds(5));
        }

        Assert.DoesNotContain((await client.Cluster.GetAsync()).Masters, m => m.Id == "m4" && m.Voter);
    }

    [Fact]
    public async Task Agents_are_listed_shown_drained_and_undrained()
    {
        var list = (await RaftosAsync("agent", "list")).Succeeded();
        Assert.Matches(@"(?m)^ID\s+STATUS\s+DRAINING\s+TASKS\s+CPU \(ALLOC/TOTAL\)\s+MEMORY MB \(ALLOC/TOTAL\)\s+ATTRIBUTES$", list);
        // On a loaded machine a late heartbeat may show the agent as suspect for a moment.
        Assert.Matches(@"(?m)^a1\s+(ready|suspect)\s+no\s+0\s+0/2000\s+0/4096\s+rack=r1 zone=z1$", list);

        var show = (await RaftosAsync("agent", "show", "a1")).Succeeded();
        Assert.Matches(@"(?m)^status:\s+(ready|suspect)", show);
        Assert.Matches(@"(?m)^cpu:\s+0 of 2000 millicores allocated", show);
        Assert.Matches(@"(?m)^attributes:\s+rack=r1 zone=z1$", show);

        try
        {
            Assert.StartsWith("agent a1 is draining", (await RaftosAsync("agent", "drain", "a1")).Succeeded(), StringComparison.Ordinal);
            using var drained = JsonDocument.Parse((await RaftosAsync("agent", "show", "a1", "--json")).Succeeded());
            Assert.True(drained.RootElement.GetProperty("draining").GetBoolean());
        }
        finally
        {
            Assert.Equal("agent a1 takes tasks again\n", (await RaftosAsync("agent", "undrain", "a1")).Succeeded());
        }

        Assert.False((await client.Agents.GetAsync("a1")).Draining);
        Assert.Equal("raftos: agent 'nope' does not exist (404)", (await RaftosAsync("agent", "show", "nope")).Failed());
        Assert.Equal("raftos: agent 'nope' does not exist (404)", (await RaftosAsync("agent", "drain", "nope")).Failed());
    }

    [Fact]
    public async Task Raftos_agent_without_a_subcommand_still_runs_an_agent()
    {
        // The agent's own checks answer, so it was the agent that ran, not a listing.
        var run = await RaftosAsync("agent", "--attribute", "no-equals-sign");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("raftos agent: --attribute takes name=value, not 'no-equals-sign'", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task Roles_are_set_listed_and_removed()
    {
        try
        {
            var set = (await RaftosAsync("role", "set", "cli-team", "--weight", "3", "--cpu", "2000")).Succeeded();
            Assert.Matches(@"(?m)^weight:\s+3$", set);
            Assert.Matches(@"(?m)^cpu quota:\s+2000$", set);
            Assert.Matches(@"(?m)^memory quota:\s+none$", set);

            Assert.Matches(@"(?m)^cli-team\s+3\s+2000\s+none\s+0\s+0\s+0\s+0$", (await RaftosAsync("role", "list")).Succeeded());
            using var json = JsonDocument.Parse((await RaftosAsync("role", "list", "--json")).Succeeded());
            Assert.Contains(json.RootElement.EnumerateArray(), r => r.GetProperty("name").GetString() == "cli-team" && r.GetProperty("configured").GetBoolean());

            Assert.Equal("raftos: weight is 1 to 1000, not 0 (400)", (await RaftosAsync("role", "set", "cli-team", "--weight", "0")).Failed());
        }
        finally
        {
            Assert.Equal("role cli-team is back to weight 1 and no quota\n", (await RaftosAsync("role", "remove", "cli-team")).Succeeded());
        }

        Assert.Equal("raftos: role 'cli-team' is not configured (404)", (await RaftosAsync("role", "remove", "cli-team")).Failed());
    }

    [Fact]
    public async Task Keys_are_put_read_listed_with_compare_and_set_and_deleted()
    {
        try
        {
            var written = (await RaftosAsync("kv", "put", "cli/color", "blue")).Succeeded();
            var revision = long.Parse(written.Split(' ')[^1], CultureInfo.InvariantCulture);
            Assert.Equal("blue\n", (await RaftosAsync("kv", "get", "cli/color")).Succeeded());

            Assert.EndsWith("(409)", (await RaftosAsync("kv", "put", "cli/color", "red", "--cas", (revision + 5).ToString(CultureInfo.InvariantCulture))).Failed(), StringComparison.Ordinal);
            (await RaftosAsync("kv", "put", "cli/color", "red", "--cas", revision.ToString(CultureInfo.InvariantCulture))).Succeeded();
            (await RaftosAsync("kv", "put", "cli/shape", "round")).Succeeded();

            var listed = (await RaftosAsync("kv", "list", "cli/")).Succeeded().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(3, listed.Length);
            Assert.Matches(@"^cli/color\s+\d+\s+2\s+red$", listed[1]);
            Assert.Matches(@"^cli/shape\s+\d+\s+1\s+round$", listed[2]);
            using var json = JsonDocument.Parse((await RaftosAsync("kv", "get", "cli/color", "--json")).Succeeded());
            Assert.Equal("red", System.Text.Encoding.UTF8.GetString(json.RootElement.GetProperty("value").GetBytesFromBase64()));
        }
        finally
        {
            Assert.StartsWith("cli/color deleted at revision ", (await RaftosAsync("kv", "del", "cli/color")).Succeeded(), StringComparison.Ordinal);
            await client.KeyValues.DeleteAsync("cli/shape");
        }

        Assert.Equal("raftos: key 'cli/color' does not exist (404)", (await RaftosAsync("kv", "get", "cli/color")).Failed());
    }

    [Fact]
    public async Task No_master_reachable_or_a_bad_address_is_one_clear_line_and_exit_code_1()
    {
        var dead = $"http://127.0.0.1:{LocalPorts.Unused()}";

        var unreachable = (await RaftosCli.RunAsync([dead], "job", "list")).Failed();

        Assert.StartsWith($"raftos: no master reachable at {dead} (", unreachable, StringComparison.Ordinal);
        Assert.Equal("raftos: 'ftp://x' is not a master URL such as http://127.0.0.1:8101", (await RaftosAsync("kv", "list", "--address", "ftp://x")).Failed());
        // The first address dead, the next alive: the command works.
        (await RaftosAsync("kv", "list", "--address", $"{dead},{cluster.Masters[2].HttpUrl}")).Succeeded();
    }

    private Task<RaftosCli.Result> RaftosAsync(params string[] arguments) => RaftosCli.RunAsync(cluster.MasterUrls, arguments);

    // A membership change interrupted by a leader change (likely on a loaded machine) answers
    // 503 or 409; as a careful operator would, run it again: adding and removing are idempotent.
    private async Task<string> MembershipChangeAsync(params string[] arguments)
        => await Eventually.GetAsync(async () =>
        {
            var result = await RaftosAsync(arguments);
            if (result.ExitCode == 0)
                return result.Succeeded();
            Assert.True(result.Error.Contains("(503)", StringComparison.Ordinal) || result.Error.Contains("(409)", StringComparison.Ordinal), result.ToString());
            return null;
        }, Settle, $"raftos {string.Join(' ', arguments)}");

    private static int PortOf(string address) => int.Parse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);


    public void Dispose() => client.Dispose();
}
