using System.Diagnostics.CodeAnalysis;
using Raftos.Agent.Tasks;

namespace Raftos.Agent.Tests;

[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "disposed by xunit through IAsyncLifetime")]
public sealed class AdoptionTests : IAsyncLifetime
{
    private readonly TaskSandbox sandbox = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => sandbox.DisposeAsync().AsTask();

    [Fact]
    public async Task A_new_runner_adopts_a_task_that_outlived_the_previous_one_and_can_stop_it()
    {
        var first = sandbox.NewRunner();
        var started = first.Runner.Start(TaskSandbox.Launch("t1", "sleep", "60"))!;
        await first.DisposeAsync();

        var second = sandbox.NewRunner();
        var adopted = Assert.Single(second.Runner.Adopt());

        Assert.True(adopted.IsAlive);
        Assert.Equal(("t1", started.Pid, started.StartedAt), (adopted.TaskId, adopted.Pid, adopted.StartedAt));
        Assert.True(Assert.Single(second.Runner.Tasks).Adopted);
        Assert.Empty(second.EventsOf("t1"));
        Assert.DoesNotContain(first.EventsOf("t1"), e => e.IsTerminal);

        await second.Runner.StopAsync("t1", "drained", CancellationToken.None);

        var end = await second.EndOfAsync("t1");
        Assert.Equal((TaskRunState.Killed, "drained"), (end.State, end.Reason));
        Assert.Single(second.EventsOf("t1"));
        await Eventually.True(() => ProcessGroups.CountMembers(started.Pid) == 0, "the task's processes are gone");
        Assert.Empty(sandbox.NewRunner().Runner.Adopt());
    }

    [Fact]
    public async Task An_adopted_task_that_ends_is_reported_with_its_exit_code()
    {
        var first = sandbox.NewRunner();
        var ready = Path.Combine(sandbox.DataDir, "go");
        first.Runner.Start(TaskSandbox.Launch("t1", "/bin/sh", "-c", $"while [ ! -e '{ready}' ]; do sleep 0.02; done; exit 6"));
        await first.DisposeAsync();
        var second = sandbox.NewRunner();
        Assert.True(Assert.Single(second.Runner.Adopt()).IsAlive);

        File.WriteAllText(ready, "");

        var end = await second.EndOfAsync("t1");
        Assert.Equal((TaskRunState.Failed, 6, "exited with code 6"), (end.State, end.ExitCode, end.Reason));
    }

    [Fact]
    public async Task Adopt_reports_a_task_that_ended_while_no_agent_watched_with_its_recorded_exit_code()
    {
        RecordTaskThatIsGone("t1", exitCode: 4);
        RecordTaskThatIsGone("t2", exitCode: null);
        var runner = sandbox.NewRunner();

        var found = runner.Runner.Adopt().OrderBy(a => a.TaskId).ToList();

        Assert.Equal(2, found.Count);
        Assert.All(found, a => Assert.False(a.IsAlive));
        Assert.Equal((TaskRunState.Failed, 4, "exited with code 4"), (found[0].Exit!.State, found[0].Exit!.ExitCode, found[0].Exit!.Reason));
        Assert.Equal((TaskRunState.Failed, null, "process gone while the agent was down"), (found[1].Exit!.State, found[1].Exit!.ExitCode, found[1].Exit!.Reason));
        await Eventually.True(() => runner.EventsOf("t1").Count == 1 && runner.EventsOf("t2").Count == 1, "both ends are on the event channel");
        Assert.Empty(runner.Runner.Tasks);
        Assert.Empty(runner.Runner.Adopt());
    }

    [Fact]
    public async Task KillOrphans_kills_every_task_left_running_under_a_data_directory()
    {
        var runner = sandbox.NewRunner();
        var first = runner.Runner.Start(TaskSandbox.Launch("t1", "/bin/sh", "-c", "sleep 60 & sleep 60"))!;
        var second = runner.Runner.Start(TaskSandbox.Launch("t2", "sleep", "60") with { MemoryMb = 64 })!;
        var cgroup = sandbox.FilesOf("t2").ReadRecord()!.MemoryCgroup;
        runner.Runner.Start(TaskSandbox.Launch("t3", "true"));
        await runner.EndOfAsync("t3");
        await Eventually.True(() => ProcessTable.CommandsInGroup(first.Pid).Count(c => c == "sleep") == 2, "both sleeps of t1 run");
        await runner.DisposeAsync();

        Assert.Equal(2, TaskRunner.KillOrphans(sandbox.DataDir));

        Assert.Equal(0, ProcessGroups.CountMembers(first.Pid));
        Assert.Equal(0, ProcessGroups.CountMembers(second.Pid));
        Assert.Equal(0, TaskRunner.KillOrphans(sandbox.DataDir));
        Assert.False(cgroup is not null && Directory.Exists(cgroup), "the memory cgroup is removed");
    }

    private void RecordTaskThatIsGone(string taskId, int? exitCode)
    {
        var files = sandbox.FilesOf(taskId);
        files.PrepareForLaunch();
        // Beyond the largest pid_max, so no process can have it.
        const int nobody = 5_000_000;
        files.WriteRecord(new LaunchRecord
        {
            Launch = TaskSandbox.Launch(taskId, "sleep", "60"),
            Pid = nobody,
            Pgid = nobody,
            ProcessStartTime = 12345,
            StartedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        });
        if (exitCode is not null)
            File.WriteAllText(files.Exit, $"{exitCode}\n");
    }
}
