using System.Diagnostics.CodeAnalysis;
using Raftos.Agent.Tasks;

namespace Raftos.Agent.Tests;

[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "disposed by xunit through IAsyncLifetime")]
public sealed class MemoryLimitTests : IAsyncLifetime
{
    // Holds 200 MB in a shell variable, against a limit of 50 MB.
    private static readonly TaskLaunch Hog = TaskSandbox.Launch("hog", "/bin/sh", "-c", "x=$(head -c 200000000 /dev/zero | tr '\\0' a); sleep 5") with { MemoryMb = 50 };

    private readonly TaskSandbox sandbox = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => sandbox.DisposeAsync().AsTask();

    [Fact]
    public async Task A_task_over_its_memory_limit_fails_with_oom_through_its_cgroup_where_the_host_has_one()
    {
        var runner = sandbox.NewRunner(useCgroups: true);

        runner.Runner.Start(Hog);
        var record = sandbox.FilesOf("hog").ReadRecord()!;
        var end = await runner.EndOfAsync("hog");

        Assert.Equal((TaskRunState.Failed, "oom"), (end.State, end.Reason));
        Assert.Equal(MemoryCgroup.FindParent() is not null, record.MemoryCgroup is not null);
        if (record.MemoryCgroup is { } cgroup)
        {
            Assert.Equal(137, end.ExitCode);
            await Eventually.True(() => !Directory.Exists(cgroup), "the task's cgroup is removed");
        }
    }

    [Fact]
    public async Task A_task_over_its_memory_limit_fails_with_oom_through_RSS_monitoring_without_cgroups()
    {
        var runner = sandbox.NewRunner(useCgroups: false);

        var started = runner.Runner.Start(Hog)!;
        var end = await runner.EndOfAsync("hog");

        Assert.Equal((TaskRunState.Failed, "oom"), (end.State, end.Reason));
        Assert.Null(sandbox.FilesOf("hog").ReadRecord()!.MemoryCgroup);
        await Eventually.True(() => ProcessGroups.CountMembers(started.Pid) == 0, "every process of the group is gone");
    }

    [Fact]
    public async Task A_task_within_its_memory_limit_runs_to_its_end()
    {
        var runner = sandbox.NewRunner();

        runner.Runner.Start(TaskSandbox.Launch("small", "/bin/sh", "-c", "x=$(head -c 1000000 /dev/zero | tr '\\0' a); exit 0") with { MemoryMb = 50 });
        var end = await runner.EndOfAsync("small");

        Assert.Equal(TaskRunState.Finished, end.State);
    }
}
