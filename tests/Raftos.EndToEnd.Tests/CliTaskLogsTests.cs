using Raftos.Client;

namespace Raftos.EndToEnd.Tests;

/// <summary>
/// <c>raftos task logs</c> against a real cluster: a task's stdout and stderr come from the agent
/// that runs it, through any master, whole, from an offset, as the last lines, or followed while
/// the task writes them.
/// </summary>
[Collection(ApiCluster.Name)]
public sealed class CliTaskLogsTests(ApiCluster fixture) : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    private readonly TestCluster cluster = fixture.Cluster;
    private readonly RaftosClient client = new([.. fixture.Cluster.MasterUrls]);
    private readonly string scratch = Directory.CreateTempSubdirectory("raftos-logs-").FullName;

    [Fact]
    public async Task A_task_output_is_printed_whole_from_an_offset_or_its_last_lines_through_every_master()
    {
        const string script = "for i in 1 2 3 4 5; do echo out $i; echo err $i >&2; done; printf 'ünïcode without newline'";
        var task = await RunAsync("logs-batch", script);
        try
        {
            await Eventually.HoldsAsync(async () => (await client.Tasks.ListAsync("logs-batch")).Single().State == "finished", Settle, "logs-batch finished");

            const string stdout = "out 1\nout 2\nout 3\nout 4\nout 5\nünïcode without newline";
            foreach (var master in cluster.MasterUrls)
                Assert.Equal(stdout, (await RaftosCli.RunAsync([master], "task", "logs", task)).Succeeded());
            Assert.Equal("err 1\nerr 2\nerr 3\nerr 4\nerr 5\n", (await RaftosAsync("task", "logs", task, "--stderr")).Succeeded());
            Assert.Equal("err 4\nerr 5\n", (await RaftosAsync("task", "logs", task, "--stderr", "--tail", "2")).Succeeded());
            Assert.Equal("out 5\nünïcode without newline", (await RaftosAsync("task", "logs", task, "-n", "2")).Succeeded());
            Assert.Equal(string.Empty, (await RaftosAsync("task", "logs", task, "--tail", "0")).Succeeded());
            Assert.Equal("out 2\nout 3\nout 4\nout 5\nünïcode without newline", (await RaftosAsync("task", "logs", task, "--offset", "6")).Succeeded());
            Assert.Equal(string.Empty, (await RaftosAsync("task", "logs", task, "--offset", "100000")).Succeeded());

            // A task that ended is not followed: -f prints what there is and returns.
            Assert.Equal(stdout, (await RaftosAsync("task", "logs", task, "-f")).Succeeded());
        }
        finally
        {
            await client.Jobs.StopAsync("logs-batch");
        }
    }

    [Fact]
    public async Task Following_prints_output_as_the_task_writes_it_and_returns_when_the_task_ends()
    {
        var gate = Path.Combine(scratch, "gate");
        var task = await RunAsync("logs-follow", $"echo before; while [ ! -e '{gate}' ]; do sleep 0.05; done; echo after");

        try
        {
            await using var follower = FollowingCli.Start(cluster.MasterUrls, "task", "logs", task, "--follow");
            await follower.WaitForAsync(lines => lines.SequenceEqual(["before"]), Settle, "the follower printed the first line while the task waits");

            await File.WriteAllTextAsync(gate, "go");
            Assert.Equal("before\nafter\n", (await follower.ExitAsync(Settle)).Succeeded());
        }
        finally
        {
            await client.Jobs.StopAsync("logs-follow");
        }
    }

    [Fact]
    public async Task An_unknown_or_unplaced_task_or_bad_arguments_are_one_clear_line_and_exit_code_1()
    {
        Assert.Equal("raftos: task 'logs-nope.0.1' does not exist (404)", (await RaftosAsync("task", "logs", "logs-nope.0.1")).Failed());

        var spec = new JobSpec
        {
            Id = "logs-nowhere",
            Count = 1,
            Task = new TaskSpec { Command = "sleep", Args = ["600"], Resources = new ResourceAmounts(100, 32) },
            Constraints = [new Constraint { Attribute = "rack", Operator = "=", Value = "nowhere" }],
        };
        await client.Jobs.SubmitAsync(spec);
        try
        {
            var pending = (await client.Tasks.ListAsync("logs-nowhere")).Single();
            Assert.Equal($"raftos: task '{pending.Id}' has not been placed on an agent yet, so it has no output (409)", (await RaftosAsync("task", "logs", pending.Id)).Failed());
        }
        finally
        {
            await client.Jobs.StopAsync("logs-nowhere");
        }

        Assert.Equal("raftos: --tail and --offset take 0 or more", (await RaftosAsync("task", "logs", "x", "--tail", "-1")).Failed());
        Assert.StartsWith("raftos: --tail and --offset do not go together", (await RaftosAsync("task", "logs", "x", "--tail", "1", "--offset", "2")).Failed(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        client.Dispose();
        Directory.Delete(scratch, recursive: true);
    }

    private Task<RaftosCli.Result> RaftosAsync(params string[] arguments) => RaftosCli.RunAsync(cluster.MasterUrls, arguments);

    // Submits a one-task job running `sh -c script` and returns its task's id once it is placed.
    private async Task<string> RunAsync(string id, string script)
    {
        await client.Jobs.SubmitAsync(new JobSpec
        {
            Id = id,
            Type = JobType.Batch,
            Count = 1,
            Task = new TaskSpec { Command = "/bin/sh", Args = ["-c", script], Resources = new ResourceAmounts(100, 32) },
        });
        return await Eventually.GetAsync(async () => (await client.Tasks.ListAsync(id)).SingleOrDefault(t => t.AgentId is not null)?.Id, Settle, $"{id} placed");
    }
}
