using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Threading.Channels;
using Raftos.Agent.Masters;
using Raftos.Core.Protocol;

namespace Raftos.Bench;

/// <summary>
/// One simulated agent, speaking the agent protocol the way <c>Raftos.Agent.AgentService</c>
/// does — registration (again whenever a master says it is stale), a heartbeat every interval,
/// a long poll of its assignments, status reports retried under one request id — with no
/// processes behind it: a task assigned to it runs at once (starting and running go in one
/// report), and a task asked to stop is killed at once.
/// </summary>
internal sealed class SimulatedAgent(AgentRegistration registration, MasterClient masters, FleetProgress progress) : IDisposable
{
    private const int ReportBatchMax = 1000;
    private static readonly TimeSpan LongPollWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(3);

    private readonly SemaphoreSlim registering = new(1, 1);
    private readonly Lock gate = new();
    private readonly HashSet<string> handled = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AssignedTask> running = new(StringComparer.Ordinal);
    private readonly Channel<TaskStatusChange> outbox = Channel.CreateUnbounded<TaskStatusChange>(new UnboundedChannelOptions { SingleReader = true });
    private long epoch;
    private volatile bool registrationStale = true;
    private bool registeredBefore;
    private int heartbeatMs = 1000;

    public string Id => registration.AgentId;

    /// <summary>Registers (holding one of <paramref name="registrationSlots"/> meanwhile), then runs until cancelled.</summary>
    public async Task RunAsync(SemaphoreSlim registrationSlots, CancellationToken token)
    {
        await registrationSlots.WaitAsync(token);
        try
        {
            await EnsureRegisteredAsync(token);
        }
        finally
        {
            registrationSlots.Release();
        }

        progress.Registered.Add(1);
        await Task.WhenAll(HeartbeatAsync(token), AssignmentsAsync(token), ReportAsync(token));
    }

    private async Task EnsureRegisteredAsync(CancellationToken token)
    {
        if (!registrationStale)
            return;
        await registering.WaitAsync(token);
        try
        {
            var attempt = 0;
            while (registrationStale)
            {
                try
                {
                    var reply = await masters.SendAsync(HttpMethod.Post, AgentProtocol.RegisterPath, registration, RequestTimeout * 4, token);
                    if (reply.IsSuccess)
                    {
                        var registered = reply.Read<AgentRegistered>();
                        Interlocked.Exchange(ref epoch, registered.Epoch);
                        heartbeatMs = Math.Max(50, registered.HeartbeatIntervalMs);
                        registrationStale = false;
                        if (registeredBefore)
                            progress.RegisteredAgain();
                        registeredBefore = true;
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(Backoff(attempt++), token);
            }
        }
        finally
        {
            registering.Release();
        }
    }

    // The first heartbeat goes at once (the leader counts an agent silent until it hears
    // one); the second after a random part of the interval, so that agents registered in the
    // same log entry do not heartbeat in lockstep ever after.
    private async Task HeartbeatAsync(CancellationToken token)
    {
        var lastAnswered = Stopwatch.GetTimestamp();
        for (var beat = 0; ; beat++)
        {
            if (beat > 0)
                await Task.Delay(beat == 1 ? Random.Shared.Next(heartbeatMs) : heartbeatMs, token);
            await EnsureRegisteredAsync(token);
            var sent = Stopwatch.GetTimestamp();
            try
            {
                var reply = await masters.SendAsync(HttpMethod.Post, AgentProtocol.HeartbeatPath, Heartbeat(), RequestTimeout, token);
                if (reply.IsSuccess)
                {
                    var answered = Stopwatch.GetTimestamp();
                    progress.HeartbeatAnswered(answered - lastAnswered, answered - sent);
                    lastAnswered = answered;
                    continue;
                }

                if (reply.Status == HttpStatusCode.Conflict)
                    registrationStale = true;
                progress.HeartbeatFailed();
            }
            catch (HttpRequestException)
            {
                progress.HeartbeatFailed();
            }
        }
    }

    // Every task uses what it asked for: the leader keeps the figures, nothing acts on them.
    private AgentHeartbeat Heartbeat()
    {
        List<TaskUsage> tasks;
        lock (gate)
            tasks = [.. running.Values.Select(t => new TaskUsage(t.TaskId, t.Resources.CpuMillis, t.Resources.MemoryMb))];
        var used = new ResourceAmounts(tasks.Sum(t => t.CpuMillis), tasks.Sum(t => t.MemoryMb));
        return new AgentHeartbeat(Id, Interlocked.Read(ref epoch), used, tasks);
    }

    private async Task AssignmentsAsync(CancellationToken token)
    {
        long index = -1;
        var attempt = 0;
        while (true)
        {
            await EnsureRegisteredAsync(token);
            try
            {
                var path = string.Create(CultureInfo.InvariantCulture, $"{AgentProtocol.TasksPath(Id)}?index={index}&epoch={Interlocked.Read(ref epoch)}&wait={(int)LongPollWait.TotalMilliseconds}");
                var reply = await masters.SendAsync(HttpMethod.Get, path, null, LongPollWait + RequestTimeout, token);
                if (reply.Status == HttpStatusCode.NotFound)
                {
                    registrationStale = true;
                    continue;
                }

                if (!reply.IsSuccess)
                    throw new HttpRequestException($"tasks: HTTP {(int)reply.Status} {reply.Detail}");
                var assignments = reply.Read<AgentAssignments>();
                if (assignments.AgentStatus == "lost")
                    registrationStale = true;
                if (assignments.AgentEpoch < Interlocked.Read(ref epoch))
                    continue; // a master behind our registration: ask again

                Reconcile(assignments);
                index = assignments.Index;
                attempt = 0;
            }
            catch (Exception e) when (e is HttpRequestException or InvalidDataException or System.Text.Json.JsonException)
            {
                await Task.Delay(Backoff(attempt++), token);
            }
        }
    }

    // As the real agent: a task id is started at most once; a task to stop is killed (here:
    // at once); a task that left the assignments is forgotten.
    private void Reconcile(AgentAssignments assignments)
    {
        var changes = new List<TaskStatusChange>();
        var started = 0;
        lock (gate)
        {
            foreach (var task in assignments.Tasks)
            {
                var seen = !handled.Add(task.TaskId);
                if (task.Desired == "run")
                {
                    if (seen)
                        continue;
                    if (task.State == "assigned")
                    {
                        running[task.TaskId] = task;
                        changes.Add(new TaskStatusChange(task.TaskId, task.Epoch, "starting", null, "started"));
                        changes.Add(new TaskStatusChange(task.TaskId, task.Epoch, "running", null, "running"));
                        started++;
                    }
                    else
                    {
                        changes.Add(new TaskStatusChange(task.TaskId, task.Epoch, "failed", null, "the process is not running on this agent (gone across an agent restart)"));
                    }
                }
                else if (running.Remove(task.TaskId))
                {
                    changes.Add(new TaskStatusChange(task.TaskId, task.Epoch, "killed", null, "stopped by the cluster"));
                }
                else if (!seen)
                {
                    changes.Add(new TaskStatusChange(task.TaskId, task.Epoch, "killed", null, "stopped before it started"));
                }
            }

            var listed = assignments.Tasks.Select(t => t.TaskId).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in running.Keys.Where(id => !listed.Contains(id)).ToList())
                running.Remove(gone);
            handled.RemoveWhere(id => !listed.Contains(id));
        }

        progress.Assigned.Add(started);
        foreach (var change in changes)
            outbox.Writer.TryWrite(change);
    }

    private async Task ReportAsync(CancellationToken token)
    {
        var attempt = 0;
        while (true)
        {
            await outbox.Reader.WaitToReadAsync(token);
            var batch = new List<TaskStatusChange>();
            while (batch.Count < ReportBatchMax && outbox.Reader.TryRead(out var change))
                batch.Add(change);
            var requestId = Guid.NewGuid().ToString("N");
            while (true)
            {
                await EnsureRegisteredAsync(token);
                try
                {
                    var report = new TaskStatusReport(Id, Interlocked.Read(ref epoch), requestId, batch);
                    var reply = await masters.SendAsync(HttpMethod.Post, AgentProtocol.StatusPath, report, RequestTimeout * 4, token);
                    if (reply.IsSuccess)
                    {
                        var fenced = reply.Read<TaskStatusReportResult>().Fenced;
                        Fence(fenced);
                        progress.Reported(batch.Where(c => !fenced.Contains(c.TaskId)));
                        attempt = 0;
                        break;
                    }

                    // The answer to this request id is remembered; the next try must be a new request.
                    requestId = Guid.NewGuid().ToString("N");
                    if (reply.Status is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
                    {
                        registrationStale = true;
                        continue;
                    }
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(Backoff(attempt++), token);
            }
        }
    }

    private void Fence(IReadOnlyList<string> fenced)
    {
        lock (gate)
        {
            foreach (var id in fenced)
                running.Remove(id);
        }
    }

    public void Dispose() => registering.Dispose();

    private static TimeSpan Backoff(int attempt)
        => TimeSpan.FromMilliseconds(Math.Min(2000, 50 << Math.Min(attempt, 6)) * (0.5 + (Random.Shared.NextDouble() / 2)));
}
