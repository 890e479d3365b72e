using Raftos.Bench;
using Xunit.Abstractions;

namespace Raftos.EndToEnd.Tests;

/// <summary>The fleet benchmark in small: its simulated agents speak the protocol the masters serve, through every phase.</summary>
public sealed class FleetBenchTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Simulated_agents_run_every_task_of_a_small_fleet_run_and_kill_them_when_the_jobs_stop()
    {
        await using var cluster = await TestCluster.StartAsync(output);
        var settings = FleetSettings.Sized(agents: 20, tasks: 200, jobs: 4, taskCpuMillis: 100, taskMemoryMb: 64, agentCpuMillis: 0, agentMemoryMb: 0);
        var run = new FleetRun(settings, cluster.MasterUrls, TimeSpan.FromSeconds(60), TextWriter.Null);

        var timings = await run.RunAsync(stopJobs: true, hold: TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(200, run.Progress.Running.Count);
        Assert.Equal(200, run.Progress.Killed.Count);
        Assert.Equal(0, run.Progress.RegistrationsRepeated);
        Assert.True(timings.SubmissionToPlaced <= timings.SubmissionToRunning, "placement is done before everything runs");
        var tasks = await cluster.Http.TasksAsync(cluster.MasterUrls, "bench-fleet-001");
        Assert.Equal(50, tasks.Count);
        Assert.All(tasks, t => Assert.Equal("killed", t.State));
    }
}
