using System.Net;
using System.Text;
using System.Text.Json;

namespace Raftos.EndToEnd.Tests;

/// <summary>Roles through the API, the ports a task is handed, and what a job says about its placement.</summary>
[Collection(ApiCluster.Name)]
public sealed class RolesAndPlacementTests(ApiCluster fixture)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    private readonly TestCluster cluster = fixture.Cluster;

    // Any master answers every call; the tests use two of them.
    private string First => cluster.Masters[0].HttpUrl;

    private string Last => cluster.Masters[2].HttpUrl;

    [Fact]
    public async Task A_role_is_set_listed_shown_with_what_its_tasks_hold_and_removed()
    {
        var set = await SendAsync(HttpMethod.Put, Last, "/v1/roles/team-a", """{"weight":2,"quota":{"cpuMillis":4000,"memoryMb":8192}}""");
        Assert.Equal(HttpStatusCode.OK, set.Status);
        Assert.Equal(2, set.Body.GetProperty("weight").GetInt32());
        Assert.Equal(4000, set.Body.GetProperty("quota").GetProperty("cpuMillis").GetInt64());
        Assert.Equal(8192, set.Body.GetProperty("quota").GetProperty("memoryMb").GetInt64());
        Assert.True(set.Body.GetProperty("configured").GetBoolean());

        // Left out, the quota is gone: no limit.
        var reset = await SendAsync(HttpMethod.Put, First, "/v1/roles/team-a", """{"weight":3}""");
        Assert.Equal(HttpStatusCode.OK, reset.Status);
        Assert.Equal(JsonValueKind.Null, reset.Body.GetProperty("quota").GetProperty("cpuMillis").ValueKind);

        await RunAsync("""{"id":"teamwork","role":"team-a","count":1,"task":{"command":"sleep","args":["600"],"resources":{"cpuMillis":100,"memoryMb":32}}}""");
        try
        {
            var role = (await SendAsync(HttpMethod.Get, Last, "/v1/roles/team-a")).Body;
            Assert.Equal(1, role.GetProperty("jobs").GetInt32());
            Assert.Equal(100, role.GetProperty("allocated").GetProperty("cpuMillis").GetInt64());
            Assert.Equal(32, role.GetProperty("allocated").GetProperty("memoryMb").GetInt64());
            Assert.Equal(0.05, role.GetProperty("dominantShare").GetDouble(), precision: 4);
            // Local state suffices once this master has answered a linearizable read since the change.
            var listed = (await SendAsync(HttpMethod.Get, First, "/v1/roles?stale")).Body;
            Assert.Contains(listed.EnumerateArray(), r => r.GetProperty("name").GetString() == "team-a" && r.GetProperty("weight").GetInt32() == 3);
        }
        finally
        {
            await StopAsync("teamwork");
        }

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, Last, "/v1/roles/team-a")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, First, "/v1/roles/team-a")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, First, "/v1/roles/team-a")).Status);
    }

    [Fact]
    public async Task A_task_naming_a_port_finds_it_in_its_process_environment()
    {
        var job = await RunAsync("""{"id":"ported","count":1,"task":{"command":"sleep","args":["600"],"ports":["http"],"resources":{"cpuMillis":100,"memoryMb":32}}}""");
        try
        {
            Assert.Equal("http", job.GetProperty("spec").GetProperty("task").GetProperty("ports")[0].GetString());
            Assert.Equal(0, job.GetProperty("spec").GetProperty("task").GetProperty("resources").GetProperty("diskMb").GetInt64());
            Assert.Equal(1, job.GetProperty("spec").GetProperty("maxUnavailable").GetInt32());
            var task = job.GetProperty("taskList").EnumerateArray().Single(t => t.GetProperty("state").GetString() == "running");
            var port = task.GetProperty("ports").GetProperty("http").GetInt32();
            Assert.InRange(port, 20000, 31999);

            var processes = TaskProcesses.OfJob("ported");
            Assert.NotEmpty(processes);
            Assert.All(processes, p => Assert.Equal(port.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Variables.GetValueOrDefault("RAFTOS_PORT_HTTP")));
        }
        finally
        {
            await StopAsync("ported");
        }
    }

    [Fact]
    public async Task A_job_that_fits_nowhere_says_why_in_its_placement()
    {
        var (status, body) = await cluster.Http.SubmitAsync(Last,
            """{"id":"nowhere","count":2,"task":{"command":"sleep","args":["600"]},"constraints":[{"attribute":"rack","operator":"=","value":"nowhere"}]}""");
        Assert.True(status == HttpStatusCode.Created, body);
        try
        {
            JsonElement placement = default;
            await Eventually.HoldsAsync(async () =>
            {
                placement = (await SendAsync(HttpMethod.Get, Last, "/v1/jobs/nowhere")).Body.GetProperty("placement");
                return placement.GetProperty("reasons").GetArrayLength() == 1
                       && placement.GetProperty("reasons")[0].GetProperty("reason").GetString()!.StartsWith("no agent", StringComparison.Ordinal);
            }, Settle, "the job's placement naming why its tasks wait");

            Assert.Equal(2, placement.GetProperty("pending").GetInt32());
            Assert.Equal(0, placement.GetProperty("running").GetInt32());
            var reason = placement.GetProperty("reasons")[0];
            Assert.Equal("no agent can take it: 1 agent filtered: 1 by constraint rack = nowhere", reason.GetProperty("reason").GetString());
            Assert.Equal(2, reason.GetProperty("tasks").GetInt32());
        }
        finally
        {
            await StopAsync("nowhere");
        }
    }

    /// <summary>Submits the job and waits until every task runs; the job as it is then.</summary>
    private async Task<JsonElement> RunAsync(string spec)
    {
        using var parsed = JsonDocument.Parse(spec);
        var id = parsed.RootElement.GetProperty("id").GetString()!;
        var (status, body) = await cluster.Http.SubmitAsync(First, spec);
        Assert.True(status == HttpStatusCode.Created, body);
        JsonElement job = default;
        await Eventually.HoldsAsync(async () =>
        {
            job = (await SendAsync(HttpMethod.Get, First, $"/v1/jobs/{id}")).Body;
            var placement = job.GetProperty("placement");
            return placement.GetProperty("pending").GetInt32() == 0
                   && placement.GetProperty("running").GetInt32() == job.GetProperty("spec").GetProperty("count").GetInt32();
        }, Settle, $"every task of {id} running");
        return job;
    }

    // Leaves the shared cluster settled: the job stopped and every one of its tasks ended.
    private async Task StopAsync(string id)
    {
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, First, $"/v1/jobs/{id}")).Status);
        await Eventually.HoldsAsync(async () =>
            (await SendAsync(HttpMethod.Get, First, $"/v1/jobs/{id}")).Body.GetProperty("status").GetString() == "dead" && TaskProcesses.OfJob(id).Count == 0,
            Settle, $"every task of {id} ended");
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string url, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, $"{url}{path}");
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await cluster.Http.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
