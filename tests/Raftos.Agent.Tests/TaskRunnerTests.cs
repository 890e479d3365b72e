using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Raftos.Agent.Tasks;

namespace Raftos.Agent.Tests;

[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "disposed by xunit through IAsyncLifetime")]
public sealed class TaskRunnerTests : IAsyncLifetime
{
    private readonly TaskSandbox sandbox = new();
    private readonly ObservedRunner runner;

    public TaskRunnerTests() => runner = sandbox.NewRunner(stopGrace: TimeSpan.FromMilliseconds(300));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => sandbox.DisposeAsync().AsTask();

    [Fact]
    public async Task A_failing_task_reports_its_exit_code_and_keeps_its_output_in_files()
    {
        runner.Runner.Start(TaskSandbox.Launch("t1", "/bin/sh", "-c", "echo hello; echo oops >&2; exit 3"));

        var end = await runner.EndOfAsync("t1");

        Assert.Equal([TaskRunState.Starting, TaskRunState.Running, TaskRunState.Failed], runner.EventsOf("t1").Select(e => e.State));
        Assert.Equal(3, end.ExitCode);
        Assert.Equal("exited with code 3", end.Reason);
        Assert.Equal(1, end.Epoch);
        Assert.Equal("hello\n", File.ReadAllText(sandbox.FilesOf("t1").Stdout));
        Assert.Equal("oops\n", File.ReadAllText(sandbox.FilesOf("t1").Stderr));
    }

    [Fact]
    public async Task A_task_exiting_with_zero_finishes()
    {
        runner.Runner.Start(TaskSandbox.Launch("t1", "true"));

        var end = await runner.EndOfAsync("t1");

        Assert.Equal(TaskRunState.Finished, end.State);
        Assert.Equal(0, end.ExitCode);
        Assert.Equal("exited with code 0", end.Reason);
        Assert.Empty(runner.Runner.Tasks);
    }

    [Fact]
    public async Task A_task_killed_by_a_signal_says_which()
    {
        runner.Runner.Start(TaskSandbox.Launch("t1", "/bin/sh", "-c", "kill -9 $$"));

        var end = await runner.EndOfAsync("t1");

        Assert.Equal(TaskRunState.Failed, end.State);
        Assert.Equal(137, end.ExitCode);
        Assert.Equal("killed by signal 9", end.Reason);
    }

    [Fact]
    public async Task A_task_runs_in_its_own_directory_and_session()
    {
        var started = runner.Runner.Start(TaskSandbox.Launch("t1", "/bin/sh", "-c", "pwd; cut -d ' ' -f 5,6 /proc/$$/stat"))!;

        await runner.EndOfAsync("t1");

        var lines = File.ReadAllLines(sandbox.FilesOf("t1").Stdout);
        Assert.Equal(sandbox.FilesOf("t1").DirectoryPath, lines[0]);
        Assert.Equal([started.Pid.ToString(), started.Pid.ToString()], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.NotEqual(Environment.ProcessId, started.Pid);
    }

    [Fact]
    public async Task A_task_starts_with_default_signal_handling_although_the_agent_ignores_SIGPIPE()
    {
        runner.Runner.Start(TaskSandbox.Launch("t1", "grep", "-E", "^Sig(Ign|Blk)", "/proc/self/status"));

        await runner.EndOfAsync("t1");

        Assert.Equal(["SigBlk:\t0000000000000000", "SigIgn:\t0000000000000000"], File.ReadAllLines(sandbox.FilesOf("t1").Stdout));
    }

    [Fact]
    public async Task The_task_sees_its_RAFTOS_variables_its_ports_its_own_variables_and_PATH_but_not_the_rest_of_the_agent_environment()
    {
        Environment.SetEnvironmentVariable("RAFTOS_AGENT_ONLY", "secret");
        var launch = TaskSandbox.Launch("t1", "/bin/sh", "-c",
            "echo \"$RAFTOS_TASK_ID|$RAFTOS_JOB_ID|$RAFTOS_AGENT_ID|$RAFTOS_TASK_EPOCH|$RAFTOS_TASK_DIR|$RAFTOS_CPU_MILLIS|$RAFTOS_MEMORY_MB\";" +
            " echo \"$GREETING|${RAFTOS_AGENT_ONLY:-unset}\"; echo \"$PATH\"; echo \"$RAFTOS_PORT_HTTP|$RAFTOS_PORT_ADMIN_API\"") with
        {
            Epoch = 7,
            JobId = "web",
            CpuMillis = 250,
            MemoryMb = 128,
            Env = new Dictionary<string, string> { ["GREETING"] = "hi there", ["RAFTOS_TASK_ID"] = "forged", ["RAFTOS_PORT_HTTP"] = "1" },
            Ports = new Dictionary<string, int> { ["http"] = 20000, ["admin-api"] = 20001 },
        };

        runner.Runner.Start(launch);
        await runner.EndOfAsync("t1");

        var lines = File.ReadAllLines(sandbox.FilesOf("t1").Stdout);
        Assert.Equal($"t1|web|agent-1|7|{sandbox.FilesOf("t1").DirectoryPath}|250|128", lines[0]);
        Assert.Equal("hi there|unset", lines[1]);
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), lines[2]);
        Assert.Equal("20000|20001", lines[3]);
    }

    [Theory]
    [InlineData("http", "RAFTOS_PORT_HTTP")]
    [InlineData("admin-api", "RAFTOS_PORT_ADMIN_API")]
    [InlineData("grpc_2", "RAFTOS_PORT_GRPC_2")]
    public void A_named_port_reaches_the_task_as_an_upper_case_RAFTOS_PORT_variable(string name, string variable)
        => Assert.Equal(variable, TaskWrapper.PortVariable(name));

    [Fact]
    public async Task Arguments_are_passed_verbatim_and_never_reach_a_shell()
    {
        string[] args = ["a b", "; touch pwned", "$(touch pwned)", "`touch pwned`", "*", "'\"\\", ""];
        runner.Runner.Start(TaskSandbox.Launch("t1", "printf", ["%s|\n", .. args]));

        var end = await runner.EndOfAsync("t1");

        Assert.Equal(TaskRunState.Finished, end.State);
        Assert.Equal(args.Select(a => a + "|"), File.ReadAllLines(sandbox.FilesOf("t1").Stdout));
        Assert.False(File.Exists(Path.Combine(sandbox.FilesOf("t1").DirectoryPath, "pwned")));
    }

    [Fact]
    public async Task A_missing_command_fails_the_task_with_a_reason_naming_it()
    {
        var started = runner.Runner.Start(TaskSandbox.Launch("t1", "nope-no-such-command"));

        Assert.Null(started);
        var end = await runner.EndOfAsync("t1");
        Assert.Equal([TaskRunState.Starting, TaskRunState.Failed], runner.EventsOf("t1").Select(e => e.State));
        Assert.Equal("command 'nope-no-such-command' not found", end.Reason);
        Assert.Null(end.ExitCode);
    }

    [Fact]
    public async Task A_file_that_is_not_executable_fails_the_task_with_a_reason_naming_it()
    {
        var script = Path.Combine(sandbox.DataDir, "script.sh");
        Directory.CreateDirectory(sandbox.DataDir);
        File.WriteAllText(script, "#!/bin/sh\necho hi\n");

        Assert.Null(runner.Runner.Start(TaskSandbox.Launch("t1", script)));

        var end = await runner.EndOfAsync("t1");
        Assert.Equal(TaskRunState.Failed, end.State);
        Assert.Equal($"command '{script}' is not executable", end.Reason);
    }

    [Fact]
    public void Starting_a_task_that_runs_already_is_refused()
    {
        runner.Runner.Start(TaskSandbox.Launch("t1", "sleep", "60"));

        Assert.Throws<InvalidOperationException>(() => runner.Runner.Start(TaskSandbox.Launch("t1", "sleep", "60")));
        Assert.Throws<ArgumentException>(() => runner.Runner.Start(TaskSandbox.Launch("../escape", "true")));
    }

    [Fact]
    public async Task A_task_id_can_run_again_under_a_new_epoch_and_appends_to_its_output()
    {
        runner.Runner.Start(TaskSandbox.Launch("t1", "/bin/sh", "-c", "echo first; exit 5"));
        Assert.Equal(5, (await runner.EndOfAsync("t1")).ExitCode);

        runner.Runner.Start(TaskSandbox.Launch("t1", "/bin/sh", "-c", "echo second") with { Epoch = 2 });
        await Eventually.True(() => runner.EventsOf("t1").Count(e => e.IsTerminal) == 2, "the second run ends");

        var second = runner.EventsOf("t1")[^1];
        Assert.Equal((2, TaskRunState.Finished, 0), (second.Epoch, second.State, second.ExitCode));
        Assert.Equal(["first", "second"], File.ReadAllLines(sandbox.FilesOf("t1").Stdout));
    }

    [Fact]
    public async Task Stopping_a_task_kills_its_whole_process_group_quickly_with_the_given_reason()
    {
        var started = runner.Runner.Start(TaskSandbox.Launch("t1", "/bin/sh", "-c", "sleep 60 & sleep 60"))!;
        await Eventually.True(() => ProcessTable.CommandsInGroup(started.Pid).Count(c => c == "sleep") == 2, "both sleeps run");
        Assert.Equal(started.Pid, Assert.Single(runner.Runner.Tasks).Pid);

        var clock = Stopwatch.StartNew();
        await runner.Runner.StopAsync("t1", "stopped by the test", CancellationToken.None);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"stop took {clock.Elapsed}");
        var end = await runner.EndOfAsync("t1");
        Assert.Equal((TaskRunState.Killed, "stopped by the test"), (end.State, end.Reason));
        Assert.Equal(143, end.ExitCode);
        Assert.Empty(runner.Runner.Tasks);
        await Eventually.True(() => ProcessGroups.CountMembers(started.Pid) == 0, "every process of the group is gone");
    }

    [Fact]
    public async Task A_task_that_ignores_SIGTERM_is_killed_after_the_grace_period()
    {
        var started = runner.Runner.Start(TaskSandbox.Launch("t1", "/bin/sh", "-c", "trap '' TERM; sleep 60"))!;
        await Eventually.True(() => ProcessTable.CommandsInGroup(started.Pid).Contains("sleep"), "the trap is set and sleep runs");

        var clock = Stopwatch.StartNew();
        await runner.Runner.StopAsync("t1", "enough", CancellationToken.None);

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(3));
        var end = await runner.EndOfAsync("t1");
        Assert.Equal((TaskRunState.Killed, "enough"), (end.State, end.Reason));
        await Eventually.True(() => ProcessGroups.CountMembers(started.Pid) == 0, "every process of the group is gone");
    }

    [Fact]
    public async Task A_stop_right_after_the_start_reaches_the_command_as_SIGTERM()
    {
        var patient = sandbox.NewRunner(stopGrace: TimeSpan.FromSeconds(30));
        for (var i = 0; i < 20; i++)
        {
            var id = $"t{i}";
            patient.Runner.Start(TaskSandbox.Launch(id, "sleep", "60"));

            await patient.Runner.StopAsync(id, "changed my mind", CancellationToken.None);

            var end = await patient.EndOfAsync(id);
            Assert.Equal((TaskRunState.Killed, 143), (end.State, end.ExitCode));
        }
    }

    [Fact]
    public async Task Stopping_a_task_that_does_not_run_does_nothing()
    {
        await runner.Runner.StopAsync("never-started", "why not", CancellationToken.None);

        Assert.Empty(runner.EventsOf("never-started"));
    }

    [Fact]
    public async Task What_a_task_leaves_running_in_its_group_is_killed_when_it_ends()
    {
        var started = runner.Runner.Start(TaskSandbox.Launch("t1", "/bin/sh", "-c", "sleep 60 & exit 0"))!;

        var end = await runner.EndOfAsync("t1");

        Assert.Equal(TaskRunState.Finished, end.State);
        await Eventually.True(() => ProcessGroups.CountMembers(started.Pid) == 0, "the background sleep is gone");
    }

    [Fact]
    public async Task Usage_reports_the_CPU_and_memory_of_a_busy_task()
    {
        runner.Runner.Start(TaskSandbox.Launch("t1", "/bin/sh", "-c", "while :; do :; done"));

        await Eventually.True(() => runner.Runner.UsageOf("t1") is { CpuMillis: > 300, RssBytes: > 0 }, "a busy core shows");

        Assert.Null(runner.Runner.UsageOf("not-running"));
    }

    [Fact]
    public async Task Only_the_most_recent_finished_task_directories_are_kept()
    {
        var few = sandbox.NewRunner(keepFinishedTasks: 2);
        foreach (var id in new[] { "a", "b", "c", "d" })
        {
            few.Runner.Start(TaskSandbox.Launch(id, "true"));
            await few.EndOfAsync(id);
        }

        await few.DisposeAsync();
        Assert.Equal(["c", "d"], Directory.GetDirectories(Path.Combine(sandbox.DataDir, "tasks")).Select(Path.GetFileName).Order());
    }
}
