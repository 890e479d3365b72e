using System.Net;
using Raftos.Dev;
using Xunit.Abstractions;

namespace Raftos.EndToEnd.Tests;

/// <summary>Agents running real task processes, and the cluster moving them when agents die, restart or drain.</summary>
public sealed class FleetTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_killed_agents_tasks_run_on_the_other_agents_with_no_operator()
    {
        await using var cluster = await TestCluster.StartAsync(output, agents: 3);
        var (victim, moved) = AnAgentRunningSomeOf(cluster, await RunServiceJobAsync(cluster, "web", 6));

        // The server dies: the agent and its task processes together.
        victim.Kill();
        victim.KillTasks();

        var after = await RunningWhenAsync(cluster, cluster.MasterUrls, "web",
            (running, tasks) => running.Count == 6 && running.All(t => t.AgentId != victim.Id) && moved.All(id => tasks.Any(t => t.Id == id && t.State == "lost")),
            "the killed agent's tasks running elsewhere");

        var lostReason = (await cluster.Http.TasksAsync(cluster.MasterUrls, "web")).First(t => moved.Contains(t.Id)).Reason;
        Assert.Contains($"agent {victim.Id} lost", lostReason, StringComparison.Ordinal);
        var agents = await cluster.Http.AgentsAsync(cluster.MasterUrls[0]);
        Assert.Equal("lost", agents.Single(a => a.Id == victim.Id).Status);
        await AssertOneProcessPerRunningTaskAsync("web", after);
    }

    [Fact]
    public async Task An_agent_cut_off_and_declared_lost_kills_the_tasks_that_moved_when_it_returns()
    {
        await using var cluster = await TestCluster.StartAsync(output, agents: 3);
        var (victim, moved) = AnAgentRunningSomeOf(cluster, await RunServiceJobAsync(cluster, "fenced", 3));

        // Paused, the agent stops heartbeating while its task processes keep running.
        victim.Pause();
        try
        {
            await RunningWhenAsync(cluster, cluster.MasterUrls, "fenced",
                (running, _) => running.Count == 3 && running.All(t => t.AgentId != victim.Id),
                "the paused agent's tasks running elsewhere");
            Assert.True(moved.All(id => TaskProcesses.LiveTaskIds("fenced").Contains(id)), "the moved tasks' old processes still run while the agent is paused");
        }
        finally
        {
            victim.Resume();
        }

        // Back, it learns it was declared lost, registers again and kills what moved away.
        var after = await RunningAsync(cluster, "fenced", 3);
        await AssertOneProcessPerRunningTaskAsync("fenced", after);
        await Eventually.HoldsAsync(async () => (await cluster.Http.AgentsAsync(cluster.MasterUrls[0])).Single(a => a.Id == victim.Id).Status == "ready",
            Settle, "the returning agent ready again");
    }

    [Fact]
    public async Task Killing_the_leader_while_tasks_are_placed_loses_none_and_runs_none_twice()
    {
        await using var cluster = await TestCluster.StartAsync(output, agents: 3);
        var urls = cluster.MasterUrls;
        var leader = await cluster.LeaderAsync();
        await cluster.Http.SubmitWithRetriesAsync([leader.HttpUrl], FleetHttp.ServiceJob("api", 6), Settle);
        leader.Kill();

        var survivors = urls.Where(u => u != leader.HttpUrl).ToList();
        var running = await RunningWhenAsync(cluster, survivors, "api", (live, _) => live.Count == 6, "all 6 tasks running after the leader was killed");

        var tasks = await cluster.Http.TasksAsync(survivors, "api");
        Assert.Equal(6, tasks.Count(t => !IsTerminal(t.State)));
        Assert.DoesNotContain(tasks, t => t.State == "lost");
        await AssertOneProcessPerRunningTaskAsync("api", running);
    }

    [Fact]
    public async Task An_agent_restarted_while_its_tasks_run_re_adopts_them()
    {
        await using var cluster = await TestCluster.StartAsync(output, agents: 3);
        var (agent, itsTasks) = AnAgentRunningSomeOf(cluster, await RunServiceJobAsync(cluster, "cache", 3));
        var pidsBefore = TaskProcesses.OfJob("cache").Where(p => itsTasks.Contains(p.TaskId)).Select(p => p.Pid).ToHashSet();

        agent.Kill();
        cluster.Local.Restart(agent);

        await Eventually.HoldsAsync(async () =>
        {
            var agents = await cluster.Http.AgentsAsync(cluster.MasterUrls[0]);
            return agents.Single(a => a.Id == agent.Id).Status == "ready" && File.ReadAllText(agent.LogPath).Contains("Re-adopted task", StringComparison.Ordinal);
        }, Settle, "the restarted agent registered and re-adopted its tasks");

        var after = await cluster.Http.TasksAsync(cluster.MasterUrls, "cache");
        foreach (var id in itsTasks)
            Assert.Equal("running", after.Single(t => t.Id == id).State);
        Assert.Equal(3, after.Count(t => !IsTerminal(t.State)));
        var pidsAfter = TaskProcesses.OfJob("cache").Where(p => itsTasks.Contains(p.TaskId)).Select(p => p.Pid).ToHashSet();
        Assert.Equal(pidsBefore, pidsAfter);
    }

    [Fact]
    public async Task A_drained_agent_ends_with_no_tasks_and_undrained_takes_tasks_again()
    {
        await using var cluster = await TestCluster.StartAsync(output, agents: 3);
        var urls = cluster.MasterUrls;
        var before = await RunServiceJobAsync(cluster, "batchy", 6);
        var drained = before.First().AgentId!;

        using (var response = await cluster.Http.Client.PostAsync($"{urls[1]}/v1/agents/{drained}/drain", null))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var after = await RunningWhenAsync(cluster, urls, "batchy",
            (running, tasks) => running.Count == 6 && !tasks.Any(t => t.AgentId == drained && !IsTerminal(t.State)),
            $"agent {drained} emptied and 6 tasks running elsewhere");

        Assert.All(after, t => Assert.NotEqual(drained, t.AgentId));
        Assert.All((await cluster.Http.TasksAsync(urls, "batchy")).Where(t => t.AgentId == drained), t => Assert.Equal("killed", t.State));
        await AssertOneProcessPerRunningTaskAsync("batchy", after);
        var agent = (await cluster.Http.AgentsAsync(urls[0])).Single(a => a.Id == drained);
        Assert.True(agent.Draining);
        Assert.Equal(0, agent.Tasks);

        using (var response = await cluster.Http.Client.PostAsync($"{urls[2]}/v1/agents/{drained}/undrain", null))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await cluster.Http.AgentsAsync(urls[0])).Single(a => a.Id == drained).Draining);
    }

    [Fact]
    public async Task A_task_over_its_memory_limit_is_killed_with_reason_oom()
    {
        await using var cluster = await TestCluster.StartAsync(output, agents: 1);
        var urls = cluster.MasterUrls;
        const string hog = """
            {"id":"hog","type":"batch","count":1,"restart":{"attempts":0},
             "task":{"command":"/bin/sh","args":["-c","x=$(head -c 300000000 /dev/zero | tr '\\0' a); sleep 60"],
                     "resources":{"cpuMillis":100,"memoryMb":40}}}
            """;
        // Submitted through a follower: it forwards the write and answers with the new job once it has applied it too.
        var leader = await cluster.LeaderAsync();
        var follower = cluster.Masters.First(m => m != leader);
        var (status, body) = await cluster.Http.SubmitAsync(follower.HttpUrl, hog);
        Assert.True(status == HttpStatusCode.Created, body);
        Assert.Contains("\"id\":\"hog\"", body, StringComparison.Ordinal);

        var failed = await Eventually.GetAsync(async () =>
            (await cluster.Http.TasksAsync(urls, "hog")).FirstOrDefault(t => t.State == "failed"), Settle, "the memory hog failing");
        Assert.Equal("oom", failed.Reason);
    }

    private static bool IsTerminal(string state) => state is "finished" or "failed" or "killed" or "lost";

    /// <summary>Submits a service job of <paramref name="count"/> tasks and waits until they all run.</summary>
    private static async Task<List<FleetHttp.TaskView>> RunServiceJobAsync(TestCluster cluster, string job, int count)
    {
        await cluster.Http.SubmitWithRetriesAsync(cluster.MasterUrls, FleetHttp.ServiceJob(job, count), Settle);
        return await RunningAsync(cluster, job, count);
    }

    /// <summary>The first agent that runs some of <paramref name="running"/>, and the ids of the tasks it runs.</summary>
    private static (LocalAgent Agent, HashSet<string> TaskIds) AnAgentRunningSomeOf(TestCluster cluster, List<FleetHttp.TaskView> running)
    {
        var agent = cluster.Agents.First(a => running.Any(t => t.AgentId == a.Id));
        return (agent, running.Where(t => t.AgentId == agent.Id).Select(t => t.Id).ToHashSet());
    }

    private static Task<List<FleetHttp.TaskView>> RunningAsync(TestCluster cluster, string job, int count)
        => RunningWhenAsync(cluster, cluster.MasterUrls, job, (running, _) => running.Count == count, $"{count} tasks of {job} running");

    /// <summary>
    /// Waits until the job's running tasks, asked of <paramref name="urls"/>, satisfy
    /// <paramref name="done"/> (given them and all the job's tasks), and returns them.
    /// </summary>
    private static async Task<List<FleetHttp.TaskView>> RunningWhenAsync(
        TestCluster cluster, IReadOnlyList<string> urls, string job, Func<List<FleetHttp.TaskView>, List<FleetHttp.TaskView>, bool> done, string what)
        => await Eventually.GetAsync(async () =>
        {
            var tasks = await cluster.Http.TasksAsync(urls, job);
            var running = tasks.Where(t => t.State == "running").ToList();
            return done(running, tasks) ? running : null;
        }, Settle, what);

    // The ground truth: exactly the running tasks have live processes, one task per slot, and
    // each on the agent the cluster says it is on.
    private static async Task AssertOneProcessPerRunningTaskAsync(string job, List<FleetHttp.TaskView> running)
    {
        var expected = new SortedSet<string>(running.Select(t => t.Id), StringComparer.Ordinal);
        await Eventually.HoldsAsync(() => Task.FromResult(TaskProcesses.LiveTaskIds(job).SetEquals(expected)), TimeSpan.FromSeconds(10),
            $"live processes of {job} being exactly {string.Join(", ", expected)} (found {string.Join(", ", TaskProcesses.LiveTaskIds(job))})");
        var processes = TaskProcesses.OfJob(job);
        foreach (var task in running)
            Assert.All(processes.Where(p => p.TaskId == task.Id), p => Assert.Equal(task.AgentId, p.AgentId));
        Assert.Equal(running.Count, running.Select(t => t.Slot).Distinct().Count());
    }
}
