using Microsoft.Extensions.Logging.Abstractions;
using Raftos.Agent.Tasks;

namespace Raftos.Agent.Tests;

/// <summary>Polling with a deadline, instead of sleeping and hoping.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static async Task True(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"timed out waiting until {what}");
            await Task.Delay(20);
        }
    }
}

/// <summary>
/// A temporary data directory and the runners on it. Disposing disposes the runners, kills every
/// task process still recorded there and deletes the directory, so no test leaves a process behind.
/// </summary>
internal sealed class TaskSandbox : IAsyncDisposable
{
    private readonly List<ObservedRunner> runners = [];

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "raftos-agent-tests", Guid.NewGuid().ToString("N"));

    public static TaskLaunch Launch(string taskId, string command, params string[] args) =>
        new(taskId, Epoch: 1, JobId: "job", command, args, new Dictionary<string, string>(), CpuMillis: 100, MemoryMb: 0);

    public TaskFiles FilesOf(string taskId) => TaskFiles.For(DataDir, taskId);

    public ObservedRunner NewRunner(TimeSpan? stopGrace = null, bool useCgroups = true, int keepFinishedTasks = 50)
    {
        var runner = new ObservedRunner(new TaskRunner(
            new TaskRunnerOptions
            {
                DataDir = DataDir,
                AgentId = "agent-1",
                StopGrace = stopGrace ?? TimeSpan.FromSeconds(5),
                UseCgroups = useCgroups,
                KeepFinishedTasks = keepFinishedTasks,
            },
            NullLogger<TaskRunner>.Instance));
        runners.Add(runner);
        return runner;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var runner in runners)
            await runner.DisposeAsync();
        TaskRunner.KillOrphans(DataDir);
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}

/// <summary>A runner whose events are collected as they come, so a test can look at any task's.</summary>
internal sealed class ObservedRunner : IAsyncDisposable
{
    private readonly List<TaskEvent> events = [];
    private readonly Task pump;
    private int disposed;

    public ObservedRunner(TaskRunner runner)
    {
        Runner = runner;
        pump = Task.Run(async () =>
        {
            await foreach (var change in runner.Events.ReadAllAsync())
            {
                lock (events)
                    events.Add(change);
            }
        });
    }

    public TaskRunner Runner { get; }

    public IReadOnlyList<TaskEvent> EventsOf(string taskId)
    {
        lock (events)
            return [.. events.Where(e => e.TaskId == taskId)];
    }

    /// <summary>The task's terminal event, once it comes.</summary>
    public async Task<TaskEvent> EndOfAsync(string taskId, TimeSpan? timeout = null)
    {
        await Eventually.True(() => EventsOf(taskId).Any(e => e.IsTerminal), $"task {taskId} ends", timeout);
        return EventsOf(taskId).Single(e => e.IsTerminal);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
            return;
        await Runner.DisposeAsync();
        await pump;
    }
}

/// <summary>What runs in a process group, by command name, read from /proc.</summary>
internal static class ProcessTable
{
    public static List<string> CommandsInGroup(int pgid)
    {
        var commands = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue;
            }

            if (ProcStat.TryParse(text, out var process) && process.ProcessGroup == pgid && !process.HasExited)
                commands.Add(text[(text.IndexOf('(') + 1)..text.LastIndexOf(')')]);
        }

        return commands;
    }
}
