using System.Text.Json;
using Raftos.Client;

namespace Raftos.EndToEnd.Tests;

/// <summary>
/// <c>raftos job</c> and <c>raftos task</c> against a real cluster: run follows a job until its
/// tasks run, cannot be placed or fail. Every job is stopped with its tasks ended afterwards.
/// </summary>
[Collection(ApiCluster.Name)]
public sealed class CliJobTests(ApiCluster fixture) : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    private readonly TestCluster cluster = fixture.Cluster;
    private readonly RaftosClient client = new([.. fixture.Cluster.MasterUrls]);
    private readonly string specs = Directory.CreateTempSubdirectory("raftos-cli-").FullName;

    [Fact]
    public async Task A_job_is_run_until_its_tasks_run_then_listed_shown_its_tasks_listed_and_stopped()
    {
        var file = Spec("cli-web", """{"id":"cli-web","count":2,"task":{"command":"sleep","args":["600"],"resources":{"cpuMillis":100,"memoryMb":32}}}""");
        try
        {
            var run = (await RaftosAsync("job", "run", file)).Succeeded();
            Assert.StartsWith("job cli-web submitted: version 1\n", run, StringComparison.Ordinal);
            Assert.Contains("cli-web: running 2\n", run, StringComparison.Ordinal);
            Assert.EndsWith("job cli-web: every task runs\n", run, StringComparison.Ordinal);

            var listed = (await RaftosAsync("job", "list")).Succeeded();
            Assert.Matches(@"(?m)^ID\s+TYPE\s+ROLE\s+PRIORITY\s+STATUS\s+VERSION\s+TASKS$", listed);
            Assert.Matches(@"(?m)^cli-web\s+service\s+default\s+50\s+running\s+1\s+running 2$", listed);

            var status = (await RaftosAsync("job", "status", "cli-web")).Succeeded();
            Assert.Matches(@"(?m)^status:\s+running$", status);
            Assert.Matches(@"(?m)^command:\s+sleep 600$", status);
            Assert.Matches(@"(?m)^placement:\s+0 pending, 2 running$", status);
            Assert.Equal(2, status.Split('\n').Count(l => l.StartsWith("cli-web.", StringComparison.Ordinal) && l.Contains(" running ", StringComparison.Ordinal)));

            var tasks = (await RaftosAsync("task", "list", "--job", "cli-web", "--state", "running")).Succeeded();
            Assert.Equal(2, tasks.Split('\n').Count(l => l.StartsWith("cli-web.", StringComparison.Ordinal)));
            using var json = JsonDocument.Parse((await RaftosAsync("task", "list", "--job", "cli-web", "--json")).Succeeded());
            Assert.All(json.RootElement.EnumerateArray(), t => Assert.Equal("cli-web", t.GetProperty("jobId").GetString()));
            Assert.Equal(2, json.RootElement.GetArrayLength());
        }
        finally
        {
            await StopAsync("cli-web");
        }
    }

    [Fact]
    public async Task Job_run_says_why_a_job_cannot_be_placed_and_detach_returns_once_it_is_accepted()
    {
        var file = Spec("cli-nowhere", """{"id":"cli-nowhere","count":2,"task":{"command":"sleep","args":["600"]},"constraints":[{"attribute":"rack","value":"nowhere"}]}""");
        try
        {
            var unplaced = await RaftosAsync("job", "run", file);
            Assert.Equal("raftos: job cli-nowhere cannot be placed: no agent can take it: 1 agent filtered: 1 by constraint rack = nowhere (2 tasks)", unplaced.Failed(exitCode: 2));
            Assert.Contains("cli-nowhere: pending 2", unplaced.Output, StringComparison.Ordinal);

            var detached = (await RaftosAsync("job", "run", file, "--detach")).Succeeded();
            Assert.Equal("job cli-nowhere submitted: version 1\n", detached);
            using var json = JsonDocument.Parse((await RaftosAsync("job", "run", file, "--detach", "--json")).Succeeded());
            Assert.Equal("cli-nowhere", json.RootElement.GetProperty("id").GetString());
        }
        finally
        {
            await StopAsync("cli-nowhere");
        }
    }

    [Fact]
    public async Task Job_run_fails_with_the_reason_when_a_task_fails()
    {
        var file = Spec("cli-broken", """{"id":"cli-broken","count":1,"task":{"command":"/nonexistent/raftos-test-command","resources":{"cpuMillis":100,"memoryMb":32}}}""");
        try
        {
            var line = (await RaftosAsync("job", "run", file)).Failed();
            Assert.Matches(@"^raftos: job cli-broken: task cli-broken\.0\.\d+ failed: .*/nonexistent/raftos-test-command", line);
        }
        finally
        {
            await StopAsync("cli-broken");
        }
    }

    [Fact]
    public async Task A_bad_job_file_or_an_unknown_job_is_one_clear_line_and_exit_code_1()
    {
        var malformed = Spec("cli-malformed", "{\"id\": \"cli-malformed\",\n \"count\": 1,,\n}");
        Assert.Equal($"raftos: job file '{malformed}' is not valid JSON at line 2, position 13", (await RaftosAsync("job", "run", malformed)).Failed());

        var invalid = Spec("cli-invalid", """{"id":"cli-invalid","count":0,"task":{"command":"sleep"}}""");
        var refused = (await RaftosAsync("job", "run", invalid)).Failed();
        Assert.StartsWith($"raftos: job file '{invalid}' is refused: count is 1 to ", refused, StringComparison.Ordinal);
        Assert.EndsWith("(400)", refused, StringComparison.Ordinal);

        var missing = Path.Combine(specs, "missing.json");
        Assert.StartsWith($"raftos: cannot read job file '{missing}'", (await RaftosAsync("job", "run", missing)).Failed(), StringComparison.Ordinal);

        Assert.Equal("raftos: job 'cli-nope' does not exist (404)", (await RaftosAsync("job", "status", "cli-nope")).Failed());
        Assert.Equal("raftos: job 'cli-nope' does not exist (404)", (await RaftosAsync("job", "stop", "cli-nope")).Failed());
        Assert.StartsWith("raftos: state is one of pending, ", (await RaftosAsync("task", "list", "--state", "sleeping")).Failed(), StringComparison.Ordinal);
    }

    private Task<RaftosCli.Result> RaftosAsync(params string[] arguments) => RaftosCli.RunAsync(cluster.MasterUrls, arguments);

    private string Spec(string name, string json)
    {
        var path = Path.Combine(specs, name + ".json");
        File.WriteAllText(path, json);
        return path;
    }

    // Leaves the shared cluster settled: the job stopped and every one of its tasks ended.
    private async Task StopAsync(string id)
    {
        Assert.Equal($"job {id} stopped; its tasks are being killed\n", (await RaftosAsync("job", "stop", id)).Succeeded());
        await Eventually.HoldsAsync(async () => (await client.Jobs.GetAsync(id)).Status == "dead" && TaskProcesses.OfJob(id).Count == 0,
            Settle, $"every task of {id} ended");
    }

    public void Dispose()
    {
        client.Dispose();
        Directory.Delete(specs, recursive: true);
    }
}
