using System.Net;
using System.Text;
using System.Text.Json;

namespace Raftos.EndToEnd.Tests;

/// <summary>Bad input gets a clear 4xx problem and changes nothing.</summary>
[Collection(ApiCluster.Name)]
public sealed class BadInputTests(ApiCluster fixture)
{
    private readonly TestCluster cluster = fixture.Cluster;

    private string Url => cluster.Masters[1].HttpUrl;

    [Fact]
    public async Task Malformed_json_when_adding_a_master_is_400_naming_the_problem()
    {
        await AssertProblemAndNoChangeAsync(HttpStatusCode.BadRequest, () => PostJsonAsync("/v1/cluster/masters", "{\"id\": \"m4\", \"raftAddress\": "));
        await AssertProblemAndNoChangeAsync(HttpStatusCode.BadRequest, () => PostJsonAsync("/v1/cluster/masters", "{\"id\": \"m4\", \"raftAddress\": \"127.0.0.1:1\", \"httpAddress\": \"http://127.0.0.1:2\", \"colour\": \"red\"}"));
        await AssertProblemAndNoChangeAsync(HttpStatusCode.BadRequest, () => PostJsonAsync("/v1/cluster/masters", "{\"id\": \"M 4!\", \"raftAddress\": \"127.0.0.1:1\", \"httpAddress\": \"http://127.0.0.1:2\"}"), field: "id");
        await AssertProblemAndNoChangeAsync(HttpStatusCode.BadRequest, () => PostJsonAsync("/v1/cluster/masters", "{\"id\": \"m4\", \"raftAddress\": \"nowhere\", \"httpAddress\": \"http://127.0.0.1:2\"}"), field: "raftAddress");
    }

    [Fact]
    public async Task An_over_long_key_is_400()
        => await AssertProblemAndNoChangeAsync(HttpStatusCode.BadRequest,
            () => cluster.Http.Client.PutAsync($"{Url}/v1/kv/{new string('k', Core.Limits.KeyBytesMax + 1)}", new StringContent("v")), field: "key");

    [Fact]
    public async Task A_body_over_the_limit_is_413()
        => await AssertProblemAndNoChangeAsync(HttpStatusCode.RequestEntityTooLarge,
            () => cluster.Http.Client.PutAsync($"{Url}/v1/kv/big", new ByteArrayContent(new byte[1024 * 1024 + 1])));

    [Fact]
    public async Task A_body_over_the_limit_without_a_length_is_413()
    {
        using var content = new StreamContent(new MemoryStream(new byte[2 * 1024 * 1024]));
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{Url}/v1/kv/big") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        await AssertProblemAndNoChangeAsync(HttpStatusCode.RequestEntityTooLarge, () => cluster.Http.Client.SendAsync(request));
    }

    [Fact]
    public async Task Removing_an_unknown_master_is_404()
        => await AssertProblemAndNoChangeAsync(HttpStatusCode.NotFound, () => cluster.Http.Client.DeleteAsync($"{Url}/v1/cluster/masters/m42"));

    [Fact]
    public async Task Compare_and_set_on_a_stale_revision_is_409_with_the_current_revision()
    {
        var (_, current, _) = await cluster.Http.GetAsync(Url, "existing");
        var body = await AssertProblemAndNoChangeAsync(HttpStatusCode.Conflict,
            () => cluster.Http.Client.PutAsync($"{Url}/v1/kv/existing?cas={current!.ModRevision + 7}", new StringContent("new")));
        Assert.Equal(current!.ModRevision, body.GetProperty("currentRevision").GetInt64());
        await AssertProblemAndNoChangeAsync(HttpStatusCode.Conflict, () => cluster.Http.Client.PutAsync($"{Url}/v1/kv/existing?cas=0", new StringContent("new")));
        await AssertProblemAndNoChangeAsync(HttpStatusCode.Conflict, () => cluster.Http.Client.DeleteAsync($"{Url}/v1/kv/existing?cas=1000"));
    }

    [Fact]
    public async Task A_malformed_compare_and_set_revision_is_400()
        => await AssertProblemAndNoChangeAsync(HttpStatusCode.BadRequest,
            () => cluster.Http.Client.PutAsync($"{Url}/v1/kv/existing?cas=-1", new StringContent("new")), field: "cas");

    [Fact]
    public async Task Reading_or_deleting_a_missing_key_is_404()
    {
        await AssertProblemAndNoChangeAsync(HttpStatusCode.NotFound, () => cluster.Http.Client.GetAsync($"{Url}/v1/kv/missing"));
        await AssertProblemAndNoChangeAsync(HttpStatusCode.NotFound, () => cluster.Http.Client.DeleteAsync($"{Url}/v1/kv/missing"));
    }

    [Fact]
    public async Task An_unknown_route_is_404_problem()
        => await AssertProblemAndNoChangeAsync(HttpStatusCode.NotFound, () => cluster.Http.Client.GetAsync($"{Url}/v1/nothing-here"));

    [Theory]
    [InlineData("""{"id":"web","count":1,"task":{"command":"sleep","args":["60"]},"colour":"red"}""", "colour")]
    [InlineData("""{"id":"web","count":1,"task":{"command":"sleep","shell":true}}""", "task.shell")]
    [InlineData("""{"id":"web","count":1,"task":{"command":"sleep","resources":{"cpuMillis":100,"memoryMb":-5}}}""", "task.resources.memoryMb")]
    [InlineData("""{"id":"web","count":1,"task":{"command":"sleep","resources":{"cpuMillis":-1,"memoryMb":64}}}""", "task.resources.cpuMillis")]
    [InlineData("""{"id":"web","count":1,"task":{"command":"  "}}""", "task.command")]
    [InlineData("""{"id":"web","count":1,"task":{}}""", "task.command")]
    [InlineData("""{"id":"web","count":0,"task":{"command":"sleep"}}""", "count")]
    [InlineData("""{"id":"Web Server","task":{"command":"sleep"}}""", "id")]
    [InlineData("""{"id":"web","type":"daemon","task":{"command":"sleep"}}""", "type")]
    [InlineData("""{"id":"web","task":{"command":"sleep"},"constraints":[{"attribute":"rack","operator":"~","value":"r1"}]}""", "constraints[0].operator")]
    [InlineData("""{"id":"web","task":{"command":"sleep","resources":{"cpuMillis":64000,"memoryMb":64}}}""", "task.resources")]
    [InlineData("""{"id":"web","task":{"command":"sleep"}""", null)]
    [InlineData("""{"id":"web","count":"3","task":{"command":"sleep"}}""", "count")]
    [InlineData("""[1,2]""", null)]
    public async Task A_bad_job_spec_is_400_naming_the_field(string spec, string? field)
    {
        var problem = await AssertProblemAndNoChangeAsync(HttpStatusCode.BadRequest, () => PostJsonAsync("/v1/jobs", spec), field);
        if (field == "task.resources")
            Assert.Contains("no agent could ever offer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("team-a", """{"weight":0}""", "weight")]
    [InlineData("team-a", """{"weight":1001}""", "weight")]
    [InlineData("team-a", """{"weight":"2"}""", "weight")]
    [InlineData("team-a", """{"quota":{"cpuMillis":-1}}""", "quota.cpuMillis")]
    [InlineData("team-a", """{"weight":2,"quota":{"cpuMillis":4000,"memoryMb":-5}}""", "quota.memoryMb")]
    [InlineData("team-a", """{"weight":2,"colour":"red"}""", "colour")]
    [InlineData("team-a", """{"quota":{"diskMb":100}}""", "quota.diskMb")]
    [InlineData("Team%20A", """{"weight":2}""", "name")]
    [InlineData("team-a", """{"weight":2""", null)]
    public async Task A_bad_role_is_400_naming_the_field(string name, string body, string? field)
        => await AssertProblemAndNoChangeAsync(HttpStatusCode.BadRequest,
            () => cluster.Http.Client.PutAsync($"{Url}/v1/roles/{name}", new StringContent(body, Encoding.UTF8, "application/json")), field);

    [Fact]
    public async Task Unknown_jobs_agents_and_roles_are_404()
    {
        await AssertProblemAndNoChangeAsync(HttpStatusCode.NotFound, () => cluster.Http.Client.GetAsync($"{Url}/v1/roles/nobody"));
        await AssertProblemAndNoChangeAsync(HttpStatusCode.NotFound, () => cluster.Http.Client.DeleteAsync($"{Url}/v1/roles/nobody"));
        await AssertProblemAndNoChangeAsync(HttpStatusCode.NotFound, () => cluster.Http.Client.GetAsync($"{Url}/v1/jobs/nope"));
        await AssertProblemAndNoChangeAsync(HttpStatusCode.NotFound, () => cluster.Http.Client.DeleteAsync($"{Url}/v1/jobs/nope"));
        await AssertProblemAndNoChangeAsync(HttpStatusCode.NotFound, () => cluster.Http.Client.PostAsync($"{Url}/v1/agents/nope/drain", null));
        await AssertProblemAndNoChangeAsync(HttpStatusCode.NotFound, () => cluster.Http.Client.GetAsync($"{Url}/v1/agents/nope"));
        await AssertProblemAndNoChangeAsync(HttpStatusCode.BadRequest, () => cluster.Http.Client.GetAsync($"{Url}/v1/tasks?state=sleeping"), field: "state");
    }

    [Fact]
    public async Task Bad_agent_protocol_messages_are_refused_with_a_clear_problem()
    {
        await AssertProblemAndNoChangeAsync(HttpStatusCode.BadRequest,
            () => PostJsonAsync("/v1/agent/register", """{"agentId":"a9","address":"","resources":{"cpuMillis":-1,"memoryMb":64},"attributes":{}}"""), field: "resources");
        await AssertProblemAndNoChangeAsync(HttpStatusCode.BadRequest,
            () => PostJsonAsync("/v1/agent/status", """{"agentId":"a1","epoch":1,"requestId":"r1","updates":[{"taskId":"t","epoch":1,"state":"exploded","exitCode":null,"reason":""}]}"""), field: "updates.state");
        await AssertProblemAndNoChangeAsync(HttpStatusCode.NotFound, () => cluster.Http.Client.GetAsync($"{Url}/v1/agent/ghost/tasks?wait=0"));

        // Heartbeats belong to the leader: a follower names it, the leader refuses an unknown agent.
        var leader = await cluster.LeaderAsync();
        var follower = cluster.Masters.First(m => m != leader);
        const string ghost = """{"agentId":"ghost","epoch":1,"used":{"cpuMillis":0,"memoryMb":0},"tasks":[]}""";
        var misdirected = await AssertProblemAndNoChangeAsync(HttpStatusCode.MisdirectedRequest,
            () => cluster.Http.Client.PostAsync($"{follower.HttpUrl}/v1/agent/heartbeat", new StringContent(ghost, Encoding.UTF8, "application/json")));
        Assert.Equal(leader.HttpUrl, misdirected.GetProperty("leader").GetString());
        var refused = await AssertProblemAndNoChangeAsync(HttpStatusCode.Conflict,
            () => cluster.Http.Client.PostAsync($"{leader.HttpUrl}/v1/agent/heartbeat", new StringContent(ghost, Encoding.UTF8, "application/json")));
        Assert.True(refused.GetProperty("register").GetBoolean());
    }

    private Task<HttpResponseMessage> PostJsonAsync(string path, string json)
        => cluster.Http.Client.PostAsync($"{Url}{path}", new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<JsonElement> AssertProblemAndNoChangeAsync(HttpStatusCode expected, Func<Task<HttpResponseMessage>> send, string? field = null)
    {
        var before = await StateFingerprintAsync();
        using var response = await send();
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {expected}, got {response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        if (expected != HttpStatusCode.NotFound || problem.TryGetProperty("detail", out _))
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()), text);
        if (field is not null)
            Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(before, await StateFingerprintAsync());
        return problem;
    }

    // The keys with their revisions, jobs, tasks, roles and masters, as every master's linearizable view.
    private async Task<string> StateFingerprintAsync()
    {
        var parts = new List<string>();
        foreach (var master in cluster.Masters)
        {
            parts.Add(await cluster.Http.Client.GetStringAsync($"{master.HttpUrl}/v1/kv"));
            parts.Add(await cluster.Http.Client.GetStringAsync($"{master.HttpUrl}/v1/jobs"));
            parts.Add(await cluster.Http.Client.GetStringAsync($"{master.HttpUrl}/v1/tasks"));
            parts.Add(await cluster.Http.Client.GetStringAsync($"{master.HttpUrl}/v1/roles"));
            var view = await cluster.Http.ClusterAsync(master.HttpUrl);
            parts.Add(string.Join(',', view!.Masters.Select(m => $"{m.Id}@{m.RaftAddress}:{m.Voter}")));
        }

        return string.Join('\n', parts);
    }
}
