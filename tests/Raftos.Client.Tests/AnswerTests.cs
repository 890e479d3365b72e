using System.Net;
using System.Text.Json;

namespace Raftos.Client.Tests;

/// <summary>What the client sends and how it reads the answers, errors included.</summary>
public sealed class AnswerTests
{
    [Fact]
    public async Task A_400_is_an_exception_with_status_title_detail_and_field()
    {
        using var masters = new ScriptedMasters(_ => ScriptedMasters.Problem(HttpStatusCode.BadRequest,
            """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"Invalid request","status":400,"detail":"count is 1 to 100000, not 0","field":"count"}"""));
        using var client = ScriptedMasters.ClientOf(masters, "m1");

        var error = await Assert.ThrowsAsync<RaftosApiException>(() => client.Jobs.SubmitAsync(new JobSpec { Id = "web", Count = 0, Task = new TaskSpec { Command = "sleep" } }));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("Invalid request", error.Title);
        Assert.Equal("count is 1 to 100000, not 0", error.Detail);
        Assert.Equal("count", error.Field);
        Assert.Equal("count is 1 to 100000, not 0 (400)", error.Message);
        Assert.False(error.IsUnreachable);
    }

    [Fact]
    public async Task A_revision_mismatch_carries_the_current_revision()
    {
        using var masters = new ScriptedMasters(_ => ScriptedMasters.Problem(HttpStatusCode.Conflict,
            """{"title":"Revision mismatch","status":409,"detail":"key 'k' is at revision 9, not 3","currentRevision":9}"""));
        using var client = ScriptedMasters.ClientOf(masters, "m1");

        var error = await Assert.ThrowsAsync<RaftosApiException>(() => client.KeyValues.PutAsync("k", "v", cas: 3));

        Assert.Equal(9, error.CurrentRevision);
        Assert.Equal("/v1/kv/k?cas=3", masters.Requests.Single().Path);
    }

    [Fact]
    public async Task An_error_that_is_not_a_problem_document_is_quoted()
    {
        using var masters = new ScriptedMasters(_ => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("upstream went away") });
        using var client = ScriptedMasters.ClientOf(masters, "m1");

        var error = await Assert.ThrowsAsync<RaftosApiException>(() => client.Roles.ListAsync());

        Assert.Equal("upstream went away (502)", error.Message);
    }

    [Fact]
    public async Task A_spec_leaves_out_what_is_not_set_and_names_enums_in_lower_case()
    {
        string? sent = null;
        using var masters = new ScriptedMasters(request =>
        {
            sent = request.Content!.ReadAsStringAsync().Result;
            return ScriptedMasters.Problem(HttpStatusCode.BadRequest, """{"title":"Invalid request","detail":"stop here"}""");
        });
        using var client = ScriptedMasters.ClientOf(masters, "m1");
        var spec = new JobSpec
        {
            Id = "nightly",
            Type = JobType.Batch,
            Strategy = PlacementStrategy.Spread,
            Task = new TaskSpec { Command = "backup", Resources = new ResourceAmounts(200, 128) },
            Constraints = [new Constraint { Operator = "distinct_hosts" }],
        };

        await Assert.ThrowsAsync<RaftosApiException>(() => client.Jobs.SubmitAsync(spec));

        Assert.Equal(
            """{"id":"nightly","type":"batch","task":{"command":"backup","resources":{"cpuMillis":200,"memoryMb":128,"diskMb":0}},"constraints":[{"operator":"distinct_hosts"}],"strategy":"spread"}""",
            sent);
    }

    [Fact]
    public async Task A_job_as_the_api_shows_it_is_read_with_its_spec_tasks_and_times()
    {
        const string job = """
            {"id":"web","status":"running","version":2,"submittedAt":"2025-01-02T03:04:05.678Z","updatedAt":"2025-01-02T03:04:06.000Z",
             "tasks":{"running":1,"pending":0},"placement":{"pending":0,"running":1,"reasons":[]},
             "spec":{"id":"web","type":"service","role":"default","priority":50,"count":1,"task":{"command":"sleep","args":["60"],"env":{},"resources":{"cpuMillis":100,"memoryMb":64,"diskMb":0},"ports":[]},
                     "constraints":[],"strategy":"binpack","restart":{"attempts":3,"delayMs":1000,"maxDelayMs":30000},"spreadBy":"","maxUnavailable":1},
             "taskList":[{"id":"web.0.4","jobId":"web","jobVersion":2,"slot":"0","state":"running","desired":"run","agentId":"a1","epoch":9,
                          "resources":{"cpuMillis":100,"memoryMb":64,"diskMb":0},"ports":{"http":20001},"exitCode":null,"reason":"","notBefore":null,
                          "history":[{"state":"pending","at":"2025-01-02T03:04:05.678Z","reason":"waiting for placement","index":8}]}]}
            """;
        using var masters = new ScriptedMasters(_ => ScriptedMasters.Json(HttpStatusCode.OK, job));
        using var client = ScriptedMasters.ClientOf(masters, "m1");

        var read = await client.Jobs.GetAsync("web");

        Assert.Equal(JobType.Service, read.Spec.Type);
        Assert.Equal(PlacementStrategy.Binpack, read.Spec.Strategy);
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero), read.SubmittedAt);
        var task = Assert.Single(read.TaskList!);
        Assert.Equal(20001, task.Ports["http"]);
        Assert.Equal("waiting for placement", task.History[0].Reason);
        Assert.Contains("\"taskList\"", JsonSerializer.Serialize(read, RaftosJsonContext.Default.JobInfo), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ids_and_keys_are_escaped_and_a_keys_slashes_kept()
    {
        using var masters = new ScriptedMasters(_ => ScriptedMasters.Json(HttpStatusCode.OK, """{"key":"app/a b","value":"dg==","createRevision":1,"modRevision":1,"version":1}"""));
        using var client = ScriptedMasters.ClientOf(masters, "m1");

        var entry = await client.KeyValues.GetAsync("app/a b");
        await Assert.ThrowsAsync<RaftosApiException>(() => client.Tasks.ListAsync(job: "web", state: "running"));

        Assert.Equal("v", entry.Text);
        Assert.Equal("/v1/kv/app/a%20b", masters.Requests[0].Path);
        Assert.Equal("/v1/tasks?job=web&state=running", masters.Requests[1].Path);
    }
}
