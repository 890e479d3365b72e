using System.Globalization;
using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Raftos.Agent.Masters;
using Raftos.Agent.Resources;
using Raftos.Agent.Tasks;
using Raftos.Core.Protocol;

namespace Raftos.Agent;

/// <summary>
/// The agent's duties, as four loops over one task runner:
/// <list type="bullet">
/// <item>registration, at start and whenever a master says the registration is stale;</item>
/// <item>heartbeats to the leader with machine and per-task usage;</item>
/// <item>assignments: a long poll of the tasks assigned here, reconciled against the processes
/// that run (start what should run, kill what should not — including tasks that moved away
/// while this agent was cut off);</item>
/// <item>status reports: every task state change, retried until a master has applied it.</item>
/// </list>
/// Task processes outlive this process; at start the runner re-adopts them.
/// </summary>
public sealed partial class AgentService(
    AgentOptions options,
    MasterClient masters,
    TaskRunner runner,
    AgentAddress address,
    ILogger<AgentService> logger) : BackgroundService
{
    private static readonly TimeSpan LongPollWait = TimeSpan.FromSeconds(10);

    private readonly StatusOutbox outbox = new();
    private readonly SemaphoreSlim registering = new(1, 1);
    private readonly Lock known = new();
    private readonly HashSet<string> handled = new(StringComparer.Ordinal);
    private long epoch;
    private volatile bool registrationStale = true;
    private int heartbeatMs = 1000;
    private string advertised = string.Empty;

    private string AgentId => options.Id;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var adopted in runner.Adopt())
        {
            lock (known)
                handled.Add(adopted.TaskId);
            if (adopted.Exit is { } gone)
                outbox.Add(new TaskStatusChange(adopted.TaskId, adopted.Epoch, StateName(gone.State), gone.ExitCode, gone.Reason));
            LogAdopted(logger, adopted.TaskId, adopted.Exit is null ? "still running" : adopted.Exit.Reason);
        }

        // Registration carries the URL of the task output endpoint, known once it listens.
        advertised = await address.WhenKnown.WaitAsync(stoppingToken).ConfigureAwait(false);
        await EnsureRegisteredAsync(stoppingToken).ConfigureAwait(false);
        await Task.WhenAll(
            HeartbeatAsync(stoppingToken),
            AssignmentsAsync(stoppingToken),
            CollectEventsAsync(stoppingToken),
            ReportAsync(stoppingToken)).ConfigureAwait(false);
    }

    private async Task EnsureRegisteredAsync(CancellationToken token)
    {
        if (!registrationStale)
            return;
        await registering.WaitAsync(token).ConfigureAwait(false);
        try
        {
            var attempt = 0;

            // One id for every attempt: a timed-out attempt that is applied late then answers as
            // the first one did instead of registering the agent again under a newer epoch.
            var requestId = Guid.NewGuid().ToString("N");
            while (registrationStale)
            {
                try
                {
                    var total = MachineResources.Detect(options.DataDir);
                    var registration = new AgentRegistration(
                        AgentId,
                        advertised,
                        new ResourceAmounts(options.CpuMillis > 0 ? options.CpuMillis : total.CpuMillis, options.MemoryMb > 0 ? options.MemoryMb : total.MemoryMb, total.DiskMb),
                        options.Attributes,
                        options.PortsMin,
                        options.PortsMax);
                    var reply = await masters.SendAsync(HttpMethod.Post, AgentProtocol.RegisterPath, registration, options.RequestTimeout * 4, token, requestId).ConfigureAwait(false);
                    if (reply.IsSuccess)
                    {
                        var registered = reply.Read<AgentRegistered>();
                        Interlocked.Exchange(ref epoch, registered.Epoch);
                        heartbeatMs = Math.Max(50, registered.HeartbeatIntervalMs);
                        registrationStale = false;
                        LogRegistered(logger, AgentId, registered.Epoch, registration.Resources.CpuMillis, registration.Resources.MemoryMb);
                        return;
                    }

                    LogRegistrationRefused(logger, (int)reply.Status, reply.Detail);
                }
                catch (HttpRequestException e)
                {
                    LogMastersUnreachable(logger, "register", e.Message);
                }

                await Task.Delay(Backoff(attempt++), token).ConfigureAwait(false);
            }
        }
        finally
        {
            registering.Release();
        }
    }

    private async Task HeartbeatAsync(CancellationToken token)
    {
        var usage = new MachineUsage();
        var first = true;
        while (!token.IsCancellationRequested)
        {
            // The first heartbeat goes at once: until the leader hears one, it counts the agent
            // as silent since it took over.
            if (!first)
                await Task.Delay(heartbeatMs, token).ConfigureAwait(false);
            first = false;
            await EnsureRegisteredAsync(token).ConfigureAwait(false);
            var used = usage.Sample();
            var tasks = runner.Tasks
                .Select(t => runner.UsageOf(t.TaskId) is { } u ? new Core.Protocol.TaskUsage(t.TaskId, u.CpuMillis, u.MemoryMb) : new Core.Protocol.TaskUsage(t.TaskId, 0, 0))
                .ToList();
            var heartbeat = new AgentHeartbeat(AgentId, Interlocked.Read(ref epoch), new ResourceAmounts(used.CpuMillis, used.MemoryMb), tasks);
            try
            {
                var reply = await masters.SendAsync(HttpMethod.Post, AgentProtocol.HeartbeatPath, heartbeat, options.RequestTimeout, token).ConfigureAwait(false);
                if (reply.Status == HttpStatusCode.Conflict)
                    MarkRegistrationStale(reply.Detail);
            }
            catch (HttpRequestException e)
            {
                LogMastersUnreachable(logger, "heartbeat", e.Message);
            }
        }
    }

    private async Task AssignmentsAsync(CancellationToken token)
    {
        long index = -1;
        var attempt = 0;
        while (!token.IsCancellationRequested)
        {
            await EnsureRegisteredAsync(token).ConfigureAwait(false);
            try
            {
                var path = string.Create(CultureInfo.InvariantCulture, $"{AgentProtocol.TasksPath(AgentId)}?index={index}&epoch={Interlocked.Read(ref epoch)}&wait={(int)LongPollWait.TotalMilliseconds}");
                var reply = await masters.SendAsync(HttpMethod.Get, path, null, LongPollWait + options.RequestTimeout, token).ConfigureAwait(false);
                if (reply.Status == HttpStatusCode.NotFound)
                {
                    MarkRegistrationStale(reply.Detail);
                    continue;
                }

                if (!reply.IsSuccess)
                    throw new HttpRequestException($"tasks: HTTP {(int)reply.Status} {reply.Detail}");
                var assignments = reply.Read<AgentAssignments>();
                if (assignments.AgentStatus == "lost" || assignments.AgentEpoch != Interlocked.Read(ref epoch))
                {
                    if (assignments.AgentStatus == "lost")
                        MarkRegistrationStale("the cluster declared this agent lost");
                    if (assignments.AgentEpoch < Interlocked.Read(ref epoch))
                        continue; // a master behind our registration: ask again
                }

                await ReconcileAsync(assignments, token).ConfigureAwait(false);
                index = assignments.Index;
                attempt = 0;
            }
            catch (Exception e) when (e is HttpRequestException or InvalidDataException or System.Text.Json.JsonException)
            {
                LogMastersUnreachable(logger, "assignments", e.Message);
                await Task.Delay(Backoff(attempt++), token).ConfigureAwait(false);
            }
        }
    }

    // Makes the processes match the assignments. A task id is started at most once by this
    // agent: a task that ended is never started again (the cluster makes a new task instead).
    private async Task ReconcileAsync(AgentAssignments assignments, CancellationToken token)
    {
        var assigned = assignments.Tasks.ToDictionary(t => t.TaskId, StringComparer.Ordinal);
        var running = runner.Tasks.ToDictionary(t => t.TaskId, StringComparer.Ordinal);
        var stops = new List<Task>();
        foreach (var task in assignments.Tasks)
        {
            var isRunning = running.ContainsKey(task.TaskId);
            bool seen;
            lock (known)
                seen = !handled.Add(task.TaskId);
            if (task.Desired == "run")
            {
                if (isRunning || seen)
                    continue;
                if (task.State == "assigned")
                {
                    LogStarting(logger, task.TaskId, task.Command);
                    try
                    {
                        runner.Start(new TaskLaunch(task.TaskId, task.Epoch, task.JobId, task.Command, task.Args, task.Env,
                            (int)Math.Min(int.MaxValue, task.Resources.CpuMillis), (int)Math.Min(int.MaxValue, task.Resources.MemoryMb), task.Ports));
                    }
                    catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                    {
                        outbox.Add(new TaskStatusChange(task.TaskId, task.Epoch, "failed", null, $"could not start: {e.Message}"));
                    }
                }
                else
                {
                    outbox.Add(new TaskStatusChange(task.TaskId, task.Epoch, "failed", null, "the process is not running on this agent (gone across an agent restart)"));
                }
            }
            else if (isRunning)
            {
                stops.Add(runner.StopAsync(task.TaskId, "stopped by the cluster", token));
            }
            else if (!seen)
            {
                outbox.Add(new TaskStatusChange(task.TaskId, task.Epoch, "killed", null, "stopped before it started"));
            }
        }

        foreach (var task in running.Values.Where(t => !assigned.ContainsKey(t.TaskId)))
        {
            LogFenced(logger, task.TaskId);
            stops.Add(runner.StopAsync(task.TaskId, "no longer assigned to this agent", token));
        }

        await Task.WhenAll(stops).ConfigureAwait(false);

        // A task that left the assignments never comes back to them, so forgetting it keeps
        // the set bounded without risking a second start.
        lock (known)
            handled.RemoveWhere(id => !assigned.ContainsKey(id) && !running.ContainsKey(id));
    }

    private async Task CollectEventsAsync(CancellationToken token)
    {
        await foreach (var change in runner.Events.ReadAllAsync(token).ConfigureAwait(false))
        {
            LogTaskEvent(logger, change.TaskId, StateName(change.State), change.Reason);
            outbox.Add(new TaskStatusChange(change.TaskId, change.Epoch, StateName(change.State), change.ExitCode, change.Reason));
        }
    }

    private async Task ReportAsync(CancellationToken token)
    {
        var attempt = 0;
        while (!token.IsCancellationRequested)
        {
            var batch = await outbox.NextBatchAsync(token).ConfigureAwait(false);
            await EnsureRegisteredAsync(token).ConfigureAwait(false);
            try
            {
                var report = new TaskStatusReport(AgentId, Interlocked.Read(ref epoch), batch.RequestId, batch.Updates);
                var reply = await masters.SendAsync(HttpMethod.Post, AgentProtocol.StatusPath, report, options.RequestTimeout * 4, token).ConfigureAwait(false);
                if (reply.IsSuccess)
                {
                    outbox.Acknowledge(batch);
                    attempt = 0;
                    foreach (var fenced in reply.Read<TaskStatusReportResult>().Fenced)
                    {
                        LogFenced(logger, fenced);
                        _ = runner.StopAsync(fenced, "no longer assigned to this agent", token);
                    }

                    continue;
                }

                if (reply.Status is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
                {
                    // The answer to this request id is remembered; the next try must be a new request.
                    outbox.Renew(batch);
                    MarkRegistrationStale(reply.Detail);
                    continue;
                }

                LogReportRefused(logger, (int)reply.Status, reply.Detail);
                outbox.Renew(batch);
            }
            catch (HttpRequestException e)
            {
                LogMastersUnreachable(logger, "status", e.Message);
            }

            await Task.Delay(Backoff(attempt++), token).ConfigureAwait(false);
        }
    }

    private void MarkRegistrationStale(string why)
    {
        if (!registrationStale)
            LogRegisterAgain(logger, why);
        registrationStale = true;
    }

    private static string StateName(TaskRunState state) => state switch
    {
        TaskRunState.Starting => "starting",
        TaskRunState.Running => "running",
        TaskRunState.Finished => "finished",
        TaskRunState.Failed => "failed",
        _ => "killed",
    };

    private static TimeSpan Backoff(int attempt)
        => TimeSpan.FromMilliseconds(Math.Min(2000, 50 << Math.Min(attempt, 6)) * (0.5 + (Random.Shared.NextDouble() / 2)));

    /// <inheritdoc />
    public override void Dispose()
    {
        registering.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered as {AgentId}, epoch {Epoch}, offering {CpuMillis} millicores and {MemoryMb} MB")]
    private static partial void LogRegistered(ILogger logger, string agentId, long epoch, long cpuMillis, long memoryMb);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registration refused: HTTP {Status} {Detail}")]
    private static partial void LogRegistrationRefused(ILogger logger, int status, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registering again: {Why}")]
    private static partial void LogRegisterAgain(ILogger logger, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No master answered ({What}): {Error}")]
    private static partial void LogMastersUnreachable(ILogger logger, string what, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-adopted task {TaskId}: {Outcome}")]
    private static partial void LogAdopted(ILogger logger, string taskId, string outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting task {TaskId}: {Command}")]
    private static partial void LogStarting(ILogger logger, string taskId, string command);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Killing task {TaskId}: it is no longer assigned to this agent")]
    private static partial void LogFenced(ILogger logger, string taskId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} is {State}: {Reason}")]
    private static partial void LogTaskEvent(ILogger logger, string taskId, string state, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status report refused: HTTP {Status} {Detail}")]
    private static partial void LogReportRefused(ILogger logger, int status, string detail);
}
