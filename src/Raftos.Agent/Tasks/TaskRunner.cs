using System.ComponentModel;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Raftos.Agent.Tasks;

/// <summary>
/// Runs tasks as real OS processes, each in its own session and process group, and reports
/// every change of their state on <see cref="Events"/>.
/// <list type="bullet">
/// <item><see cref="Start"/> launches a task: events Starting, then Running, or Failed with the
/// reason (command not found, not executable...) when it cannot be launched; it never throws for
/// a bad command. When the run ends: Finished (exit 0), Failed ("exited with code 3", "killed by
/// signal 9", "oom") or Killed (stopped, with the stop's reason). Events of one task come in order.</item>
/// <item><see cref="StopAsync"/> sends SIGTERM to the task's process group, SIGKILL after
/// <see cref="TaskRunnerOptions.StopGrace"/>, and returns once the Killed event is out.</item>
/// <item><see cref="Adopt"/>, at agent start, takes over the tasks an earlier agent process
/// launched on the same data directory: those still running are watched again (no event);
/// those that ended meanwhile are reported (Finished/Failed, from the exit code their wrapper
/// recorded, or Failed "process gone while the agent was down").</item>
/// <item><see cref="UsageOf"/> gives a task's CPU (millicores) and resident memory, and
/// <see cref="KillOrphans"/> SIGKILLs whatever runs under a data directory.</item>
/// </list>
/// Tasks outlive the agent process by design: their output goes to files
/// (<c>{DataDir}/tasks/{taskId}/stdout</c> and <c>stderr</c>, also the working directory), the
/// exit code to <c>exit</c>, and <c>task.json</c> records what runs where. Disposing the runner
/// stops watching; it kills nothing. The directories of the <see cref="TaskRunnerOptions.KeepFinishedTasks"/>
/// most recently ended tasks are kept, older ones deleted.
/// <para>
/// Memory limits (<see cref="TaskLaunch.MemoryMb"/> above 0): where the agent's own memory cgroup
/// is a writable cgroup v1 one and <see cref="TaskRunnerOptions.UseCgroups"/> is set, each task
/// gets a child memory cgroup with the limit, the kernel's OOM killer enforces it, and an OOM kill
/// counted by the cgroup makes the run Failed "oom". Otherwise (cgroup v2 only, no permission,
/// cgroups off) the monitor sums the RSS of the task's process group every
/// <see cref="TaskRunnerOptions.MemoryCheckInterval"/> and SIGKILLs the group over the limit, also
/// Failed "oom". RSS counts shared pages once per process, so it is only the fallback.
/// </para>
/// <para>
/// One background loop watches all tasks: it samples usage, enforces RSS limits, and notices ends
/// (at once for our children, within a <see cref="TaskRunnerOptions.MemoryCheckInterval"/> for
/// adopted ones). A task's processes that leave its process group (setsid, setpgid) escape the
/// runner's signals and accounting; when a task's wrapper ends, what is left in its group is killed.
/// </para>
/// </summary>
public sealed partial class TaskRunner : IAsyncDisposable
{
    private const long MegaByte = 1024 * 1024;
    private const string UnknownExit = "exited without recording an exit code";
    private const string GoneWhileDown = "process gone while the agent was down";
    private const int CgroupRemovalAttemptsMax = 240;
    private static readonly TimeSpan ShortPoll = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan GroupFormationTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan OrphanKillWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CgroupRemovalWaitOnDispose = TimeSpan.FromSeconds(1);

    private readonly TaskRunnerOptions options;
    private readonly ILogger<TaskRunner> logger;
    private readonly Channel<TaskEvent> events;
    private readonly Lock gate = new();
    private readonly Dictionary<string, TrackedTask> tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> cgroupsToRemove = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim wake = new(0);
    private readonly CancellationTokenSource stopping = new();
    private readonly IReadOnlyList<string>? launcher;
    private readonly string? cgroupParent;
    private readonly int clockTicks = Libc.ClockTicksPerSecond();
    private readonly Task monitor;
    private bool disposed;

    /// <summary>Creates the runner and starts its monitor loop. Call <see cref="Adopt"/> to take over tasks of an earlier agent process.</summary>
    public TaskRunner(TaskRunnerOptions options, ILogger<TaskRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataDir);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.MemoryCheckInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.StopGrace, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(options.KeepFinishedTasks);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.EventCapacity, 1);
        this.options = options;
        this.logger = logger;
        events = Channel.CreateBounded<TaskEvent>(new BoundedChannelOptions(options.EventCapacity) { FullMode = BoundedChannelFullMode.Wait });
        launcher = TaskWrapper.FindLauncher();
        cgroupParent = options.UseCgroups ? MemoryCgroup.FindParent() : null;
        if (cgroupParent is not null)
            LogMemoryByCgroup(logger, cgroupParent);
        else
            LogMemoryByRss(logger, options.MemoryCheckInterval.TotalMilliseconds);
        monitor = Task.Run(() => MonitorAsync(stopping.Token));
    }

    /// <summary>Every state change of every task, in order per task. Bounded by <see cref="TaskRunnerOptions.EventCapacity"/>: read it.</summary>
    public ChannelReader<TaskEvent> Events => events.Reader;

    /// <summary>The tasks watched now (started or adopted, not yet ended).</summary>
    public IReadOnlyCollection<RunningTask> Tasks
    {
        get
        {
            lock (gate)
                return [.. tasks.Values.Select(t => t.ToRunningTask())];
        }
    }

    /// <summary>
    /// Launches <paramref name="launch"/>. Emits Starting, then Running; or Failed, with a reason
    /// naming the problem, if it cannot be launched (then returns null).
    /// </summary>
    /// <exception cref="ArgumentException">The task id cannot name a directory (see <see cref="TaskLaunch.TaskId"/>).</exception>
    /// <exception cref="InvalidOperationException">A task with this id is running already.</exception>
    public RunningTask? Start(TaskLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (!TaskFiles.IsValidTaskId(launch.TaskId))
            throw new ArgumentException($"task id '{launch.TaskId}' is not 1 to {TaskFiles.TaskIdLengthMax} of a-z, A-Z, 0-9, '.', '-', '_'", nameof(launch));

        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (tasks.ContainsKey(launch.TaskId))
                throw new InvalidOperationException($"task '{launch.TaskId}' is running already");

            Emit(launch, TaskRunState.Starting, null, "launching");
            var task = Launch(launch, out var failure);
            if (task is null)
            {
                LogStartFailed(logger, launch.TaskId, failure);
                Emit(launch, TaskRunState.Failed, null, failure);
                return null;
            }

            tasks.Add(launch.TaskId, task);
            LogStarted(logger, launch.TaskId, launch.Epoch, task.Pid, launch.Command);
            Emit(launch, TaskRunState.Running, null, $"running as pid {task.Pid}");
            return task.ToRunningTask();
        }
    }

    /// <summary>
    /// Stops a task: SIGTERM to its process group (once its command has started, for a task stopped
    /// as it starts), SIGKILL if it still runs <see cref="TaskRunnerOptions.StopGrace"/> after the stop.
    /// Completes once the run's end (Killed, with <paramref name="reason"/>) is reported. Does nothing for a task not running.
    /// </summary>
    public async Task StopAsync(string taskId, string reason, CancellationToken token)
    {
        TrackedTask? task;
        lock (gate)
        {
            if (!tasks.TryGetValue(taskId, out task))
                return;
            task.StopReason ??= reason;
        }

        LogStopping(logger, taskId, reason);
        var grace = Stopwatch.StartNew();
        // The wrapper traps SIGTERM so as to outlive the command and record its code; the command's
        // process inherits that trap until it executes, and would lose a SIGTERM that lands meanwhile.
        while (!task.Reported.Task.IsCompleted && !ProcessGroups.HasExecutedChild(task.Pid) && grace.Elapsed < options.StopGrace)
            await Task.Delay(ShortPoll, token).ConfigureAwait(false);
        if (!task.Reported.Task.IsCompleted && grace.Elapsed < options.StopGrace)
            Libc.SignalGroup(task.Pid, Libc.SigTerm);

        var left = options.StopGrace - grace.Elapsed;
        if (!await CompletesWithin(task.Reported.Task, left > TimeSpan.Zero ? left : TimeSpan.Zero, token).ConfigureAwait(false))
        {
            LogStopEscalated(logger, taskId, options.StopGrace.TotalMilliseconds);
            Libc.SignalGroup(task.Pid, Libc.SigKill);
            wake.Release();
        }

        await task.Reported.Task.WaitAsync(token).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes over the tasks an earlier agent process launched under the data directory and whose
    /// end was not reported. Those still running (same pid and start time) are watched from now
    /// on, without an event. Those gone are reported on <see cref="Events"/> like any end.
    /// </summary>
    /// <returns>Every task found, alive or gone.</returns>
    public IReadOnlyList<AdoptedTask> Adopt()
    {
        var found = new List<AdoptedTask>();
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            foreach (var (files, record) in TaskFiles.All(options.DataDir))
            {
                if (record.IsReported || tasks.ContainsKey(record.Launch.TaskId))
                    continue;

                var cgroup = record.MemoryCgroup is { } path ? MemoryCgroup.Open(path) : null;
                var task = new TrackedTask(record, files, process: null, cgroup);
                if (task.HasExited)
                {
                    found.Add(new AdoptedTask(record.Launch, record.Pid, record.StartedAt, Finish(task, GoneWhileDown)));
                    continue;
                }

                tasks.Add(record.Launch.TaskId, task);
                LogAdopted(logger, record.Launch.TaskId, record.Launch.Epoch, record.Pid);
                found.Add(new AdoptedTask(record.Launch, record.Pid, record.StartedAt, Exit: null));
            }
        }

        wake.Release();
        return found;
    }

    /// <summary>Whether <paramref name="taskId"/> is started or adopted and has not ended.</summary>
    public bool IsWatching(string taskId)
    {
        lock (gate)
            return tasks.ContainsKey(taskId);
    }

    /// <summary>The task's latest measured CPU and memory use; null if it is not running or not sampled yet.</summary>
    public TaskUsage? UsageOf(string taskId)
    {
        lock (gate)
            return tasks.TryGetValue(taskId, out var task) ? task.Usage : null;
    }

    /// <summary>
    /// SIGKILLs the process group of every task recorded under <paramref name="dataDir"/> whose end
    /// was not reported and that still runs, waits (up to 5 s each) for them to go and removes
    /// their memory cgroups. For tests and for shutting down <c>raftos dev</c>; the records stay,
    /// so a later <see cref="Adopt"/> reports these tasks as gone.
    /// </summary>
    /// <returns>How many process groups were killed.</returns>
    public static int KillOrphans(string dataDir)
    {
        var unreported = TaskFiles.All(dataDir).Select(t => t.Record).Where(r => !r.IsReported).ToList();
        var killed = new List<int>();
        foreach (var record in unreported)
        {
            if (ProcessGroups.IsTaskGroupAlive(record.Pgid, record.ProcessStartTime) && Libc.SignalGroup(record.Pgid, Libc.SigKill))
                killed.Add(record.Pgid);
        }

        foreach (var pgid in killed)
            ProcessGroups.WaitUntilEmpty(pgid, OrphanKillWait);

        // Tasks that ended while no agent watched them left their cgroups too.
        foreach (var record in unreported)
        {
            if (record.MemoryCgroup is { } cgroup)
                MemoryCgroup.Open(cgroup).TryRemove();
        }

        return killed.Count;
    }

    /// <summary>
    /// Stops the monitor loop. Tasks keep running; a new runner can <see cref="Adopt"/> them.
    /// <see cref="StopAsync"/> calls still waiting are cancelled.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        lock (gate)
        {
            if (disposed)
                return;
            disposed = true;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        await monitor.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (gate)
        {
            foreach (var task in tasks.Values)
            {
                task.Process?.Dispose();
                task.Reported.TrySetCanceled();
            }

            tasks.Clear();
        }

        // Cgroups of tasks that just ended may still hold their dying processes for a moment.
        var waited = Stopwatch.StartNew();
        while (!TryRemoveCgroups() && waited.Elapsed < CgroupRemovalWaitOnDispose)
            await Task.Delay(ShortPoll).ConfigureAwait(false);

        events.Writer.TryComplete();
        stopping.Dispose();
        // wake stays undisposed: a child's Exited handler may still release it after this.
    }

    private TrackedTask? Launch(TaskLaunch launch, out string failure)
    {
        var files = TaskFiles.For(options.DataDir, launch.TaskId);
        if (launcher is null)
        {
            failure = "setsid (util-linux) is not installed";
            return null;
        }

        if (launch.Env.Keys.FirstOrDefault(name => name.Length == 0 || name.Contains('=', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal)) is { } badName)
        {
            failure = $"'{badName}' is not an environment variable name";
            return null;
        }

        var executable = CommandLookup.Resolve(launch.Command, files.DirectoryPath, Environment.GetEnvironmentVariable("PATH"), out failure);
        if (executable is null)
            return null;

        MemoryCgroup? cgroup = null;
        Process? process = null;
        try
        {
            files.PrepareForLaunch();
            cgroup = CreateCgroup(launch);
            process = new Process { StartInfo = TaskWrapper.CreateStartInfo(launcher, launch, executable, files, cgroup, options.AgentId), EnableRaisingEvents = true };
            process.Exited += (_, _) => wake.Release();
            process.Start();
            if (WaitForOwnGroup(process) is not { } startTime)
            {
                failure = "the task did not get a process group of its own";
                process.Kill();
                process.Dispose();
                cgroup?.TryRemove();
                return null;
            }

            var record = new LaunchRecord
            {
                Launch = launch,
                Pid = process.Id,
                Pgid = process.Id,
                ProcessStartTime = startTime,
                StartedAt = DateTimeOffset.UtcNow,
                MemoryCgroup = cgroup?.Path,
            };
            files.WriteRecord(record);
            return new TrackedTask(record, files, process, cgroup);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Win32Exception or ArgumentException or InvalidOperationException)
        {
            failure = $"could not start: {e.Message}";
            if (process is not null && IsStarted(process))
            {
                // Unrecorded, it would be out of reach of Adopt and KillOrphans.
                Libc.SignalGroup(process.Id, Libc.SigKill);
                process.Kill();
            }

            process?.Dispose();
            cgroup?.TryRemove();
            return null;
        }
    }

    private MemoryCgroup? CreateCgroup(TaskLaunch launch)
    {
        if (cgroupParent is null || launch.MemoryMb <= 0)
            return null;
        try
        {
            return MemoryCgroup.Create(cgroupParent, $"raftos-{launch.TaskId}-{Guid.NewGuid().ToString("N")[..8]}", launch.MemoryMb);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogCgroupUnavailable(logger, launch.TaskId, e.Message);
            return null;
        }
    }

    private static bool IsStarted(Process process)
    {
        try
        {
            return process.Id > 1;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Waits until the wrapper leads its own process group (setsid has run), so that signals to the
    /// group reach the task and nothing else. Returns the wrapper's start time, 0 if it ended before
    /// it could be seen, or null if it never got its own group.
    /// </summary>
    private static long? WaitForOwnGroup(Process process)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(GroupFormationTimeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (ProcStat.TryRead(process.Id, out var stat) && stat.ProcessGroup == process.Id)
                return stat.StartTime;
            if (process.HasExited)
                return 0;
            if (Stopwatch.GetTimestamp() > deadline)
                return null;
            Thread.Sleep(1);
        }
    }

    private async Task MonitorAsync(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            try
            {
                MonitorOnce();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One bad pass (a vanished file, a bug) must not end the watch over every task.
                LogMonitorFailed(logger, e);
            }

            try
            {
                await wake.WaitAsync(options.MemoryCheckInterval, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // Several exits may have woken us; one pass handles them all.
            while (wake.Wait(0, CancellationToken.None))
            {
            }
        }
    }

    private void MonitorOnce()
    {
        TrackedTask[] watched;
        lock (gate)
            watched = [.. tasks.Values];

        var groups = ProcessGroups.Sample(watched.Select(t => t.Pid).ToHashSet());
        var timestamp = Stopwatch.GetTimestamp();
        foreach (var task in watched)
        {
            if (task.HasExited)
            {
                lock (gate)
                {
                    if (tasks.Remove(task.Launch.TaskId))
                        Finish(task, UnknownExit);
                }

                continue;
            }

            var group = groups.GetValueOrDefault(task.Pid);
            RecordUsage(task, group, timestamp);
            EnforceMemoryLimit(task, group);
        }

        TryRemoveCgroups();
    }

    private void RecordUsage(TrackedTask task, GroupSample group, long timestamp)
    {
        var cpuMillis = task.Usage?.CpuMillis ?? 0;
        if (task.CpuBaseline is not { } baseline)
        {
            task.CpuBaseline = (group.CpuTicks, timestamp);
        }
        else if (Stopwatch.GetElapsedTime(baseline.Timestamp, timestamp) is var elapsed && elapsed >= options.MemoryCheckInterval)
        {
            // Clock ticks are 10 ms: measured over less than an interval (an early wake-up), the figure would be mostly noise.
            var ticks = Math.Max(0, group.CpuTicks - baseline.Ticks);
            cpuMillis = (int)Math.Round(ticks * 1000.0 / clockTicks / elapsed.TotalSeconds);
            task.CpuBaseline = (group.CpuTicks, timestamp);
        }

        task.Usage = new TaskUsage(cpuMillis, group.RssPages * Environment.SystemPageSize, DateTimeOffset.UtcNow);
    }

    private void EnforceMemoryLimit(TrackedTask task, GroupSample group)
    {
        var limitMb = task.Launch.MemoryMb;
        if (task.Cgroup is not null || limitMb <= 0 || task.KilledForMemory)
            return;
        var rss = group.RssPages * Environment.SystemPageSize;
        if (rss <= limitMb * MegaByte)
            return;

        task.KilledForMemory = true;
        LogOverMemory(logger, task.Launch.TaskId, rss / MegaByte, limitMb);
        Libc.SignalGroup(task.Pid, Libc.SigKill);
    }

    /// <summary>Reports the end of a task that is no longer watched: its event, its record, its leftovers. Called under the lock.</summary>
    private TaskEvent Finish(TrackedTask task, string unknownExitReason)
    {
        // The task is over when its wrapper is; whatever it left in its group goes with it.
        if (ProcessGroups.IsTaskGroupAlive(task.Pid, task.Record.ProcessStartTime))
            Libc.SignalGroup(task.Pid, Libc.SigKill);

        // The wrapper's own status is the command's too, except when the wrapper was killed before recording it.
        var exitCode = task.Files.ReadExitCode() ?? task.Process?.ExitCode;
        var oom = task.KilledForMemory || (exitCode is not 0 && task.Cgroup?.WasOomKilled(exitCode) == true);
        var (state, reason) = Describe(exitCode, task.StopReason, oom, unknownExitReason);
        var exit = new TaskEvent(task.Launch.TaskId, task.Launch.Epoch, state, exitCode, reason, DateTimeOffset.UtcNow);

        try
        {
            task.Files.WriteRecord(task.Record.ReportedAs(exit));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogRecordNotUpdated(logger, task.Launch.TaskId, e.Message);
        }

        LogEnded(logger, task.Launch.TaskId, task.Launch.Epoch, state, reason);
        if (!events.Writer.TryWrite(exit))
            LogEventDropped(logger, exit.TaskId, exit.State);
        if (task.Cgroup is not null)
            cgroupsToRemove.TryAdd(task.Cgroup.Path, 0);
        RemoveCgroups();
        TaskFiles.Prune(options.DataDir, options.KeepFinishedTasks);
        task.Process?.Dispose();
        task.Reported.TrySetResult();
        return exit;
    }

    /// <summary>How a run that ended with <paramref name="exitCode"/> (null: unknown) is reported; a stop request, then an OOM kill, take precedence.</summary>
    internal static (TaskRunState State, string Reason) Describe(int? exitCode, string? stopReason, bool oom, string unknownExitReason) =>
        (exitCode, stopReason, oom) switch
        {
            (_, not null, _) => (TaskRunState.Killed, stopReason),
            (_, _, true) => (TaskRunState.Failed, "oom"),
            (null, _, _) => (TaskRunState.Failed, unknownExitReason),
            (0, _, _) => (TaskRunState.Finished, "exited with code 0"),
            (126, _, _) => (TaskRunState.Failed, "exited with code 126 (not executable)"),
            (127, _, _) => (TaskRunState.Failed, "exited with code 127 (command not found)"),
            (> 128 and <= 128 + 64, _, _) => (TaskRunState.Failed, $"killed by signal {exitCode - 128}"),
            _ => (TaskRunState.Failed, $"exited with code {exitCode}"),
        };

    private bool TryRemoveCgroups()
    {
        lock (gate)
        {
            RemoveCgroups();
            return cgroupsToRemove.Count == 0;
        }
    }

    /// <summary>Removes the cgroups of ended tasks; one still holding a dying process is retried on later passes, for a while.</summary>
    private void RemoveCgroups()
    {
        foreach (var (path, attempts) in cgroupsToRemove.ToArray())
        {
            if (MemoryCgroup.Open(path).TryRemove())
            {
                cgroupsToRemove.Remove(path);
            }
            else if (attempts + 1 >= CgroupRemovalAttemptsMax)
            {
                LogCgroupLeft(logger, path);
                cgroupsToRemove.Remove(path);
            }
            else
            {
                cgroupsToRemove[path] = attempts + 1;
            }
        }
    }

    private void Emit(TaskLaunch launch, TaskRunState state, int? exitCode, string reason)
    {
        if (!events.Writer.TryWrite(new TaskEvent(launch.TaskId, launch.Epoch, state, exitCode, reason, DateTimeOffset.UtcNow)))
            LogEventDropped(logger, launch.TaskId, state);
    }

    private static async Task<bool> CompletesWithin(Task task, TimeSpan timeout, CancellationToken token)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(token);
        var first = await Task.WhenAny(task, Task.Delay(timeout, timer.Token)).ConfigureAwait(false);
        await timer.CancelAsync().ConfigureAwait(false);
        token.ThrowIfCancellationRequested();
        return first == task;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Memory limits are enforced by cgroup v1 memory cgroups under {CgroupParent}")]
    private static partial void LogMemoryByCgroup(ILogger logger, string cgroupParent);

    [LoggerMessage(Level = LogLevel.Information, Message = "No usable cgroup v1 memory controller: memory limits are enforced by RSS monitoring every {IntervalMs} ms")]
    private static partial void LogMemoryByRss(ILogger logger, double intervalMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} (epoch {Epoch}) runs as pid {Pid}: {Command}")]
    private static partial void LogStarted(ILogger logger, string taskId, long epoch, int pid, string command);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} could not be started: {Reason}")]
    private static partial void LogStartFailed(ILogger logger, string taskId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} (epoch {Epoch}) ended: {State}, {Reason}")]
    private static partial void LogEnded(ILogger logger, string taskId, long epoch, TaskRunState state, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping task {TaskId}: {Reason}")]
    private static partial void LogStopping(ILogger logger, string taskId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} outlived SIGTERM by {GraceMs} ms, sending SIGKILL")]
    private static partial void LogStopEscalated(ILogger logger, string taskId, double graceMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} uses {RssMb} MB, over its limit of {LimitMb} MB: killing it")]
    private static partial void LogOverMemory(ILogger logger, string taskId, long rssMb, int limitMb);

    [LoggerMessage(Level = LogLevel.Information, Message = "Adopted task {TaskId} (epoch {Epoch}), pid {Pid}")]
    private static partial void LogAdopted(ILogger logger, string taskId, long epoch, int pid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No memory cgroup for task {TaskId} ({Error}); its limit is enforced by RSS monitoring")]
    private static partial void LogCgroupUnavailable(ILogger logger, string taskId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the end of task {TaskId}: {Error}")]
    private static partial void LogRecordNotUpdated(ILogger logger, string taskId, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task event dropped ({TaskId} {State}): the event channel is full, nobody reads it")]
    private static partial void LogEventDropped(ILogger logger, string taskId, TaskRunState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove memory cgroup {Path}; giving up")]
    private static partial void LogCgroupLeft(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task monitor pass failed")]
    private static partial void LogMonitorFailed(ILogger logger, Exception exception);
}
