using System.Diagnostics;
using System.Globalization;

namespace Raftos.Bench;

/// <summary>
/// One fleet run: the simulated agents, the jobs, and the clock. Writes a progress line to
/// <paramref name="log"/> every few seconds; each phase must finish within the patience given.
/// </summary>
internal sealed class FleetRun(FleetSettings settings, IReadOnlyList<string> masterUrls, TimeSpan maxWait, TextWriter log)
{
    private static readonly TimeSpan ProgressPeriod = TimeSpan.FromSeconds(5);

    private long started = Stopwatch.GetTimestamp();

    public FleetProgress Progress { get; } = new(settings.Agents, settings.Tasks);

    public async Task<FleetTimings> RunAsync(bool stopJobs, TimeSpan hold, CancellationToken token)
    {
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fleet: {settings.Agents:N0} simulated agents of {settings.AgentCpuMillis} millicores and {settings.AgentMemoryMb} MB; {settings.Tasks:N0} tasks of {settings.TaskCpuMillis} millicores and {settings.TaskMemoryMb} MB in {settings.Jobs} service jobs; masters {string.Join(", ", masterUrls)}"));
        using var control = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var jobs = new FleetJobs(control, masterUrls, settings);
        await using var fleet = new SimulatedFleet(settings, masterUrls, Progress);
        using var ticking = CancellationTokenSource.CreateLinkedTokenSource(token);
        var ticker = TickAsync(ticking.Token);
        try
        {
            started = Stopwatch.GetTimestamp();
            fleet.Start();
            var registered = await WaitAsync(Progress.Registered, "agents registered", token);

            var submitting = Stopwatch.GetTimestamp();
            await jobs.SubmitAsync(token);
            var submitted = Stopwatch.GetTimestamp();
            var placed = await WaitAsync(Progress.Assigned, "tasks at their agents", token);
            await WaitAsync(Progress.Running, "tasks reported running", token);
            var confirmed = await ConfirmRunningAsync(jobs, token);

            TimeSpan? stop = null;
            if (stopJobs)
            {
                var stopping = Stopwatch.GetTimestamp();
                await jobs.StopAsync(token);
                stop = Stopwatch.GetElapsedTime(stopping, await WaitAsync(Progress.Killed, "tasks reported killed", token));
            }

            await Task.Delay(hold, token);
            return new FleetTimings(
                Stopwatch.GetElapsedTime(started, registered),
                Stopwatch.GetElapsedTime(submitting, submitted),
                Stopwatch.GetElapsedTime(submitting, placed),
                Stopwatch.GetElapsedTime(submitting, confirmed),
                stop);
        }
        finally
        {
            await ticking.CancelAsync();
            await ticker;
        }
    }

    // The Stopwatch timestamp at which the milestone was reached; throws past the patience
    // of a phase, or when a simulated agent failed.
    private async Task<long> WaitAsync(Milestone milestone, string what, CancellationToken token)
    {
        var deadline = PhaseDeadline();
        while (!milestone.Reached.IsCompleted)
        {
            if (Progress.Failure is { } failure)
                throw new InvalidOperationException(failure.Message, failure);
            if (Stopwatch.GetTimestamp() > deadline)
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"{milestone.Count:N0} of {milestone.Target:N0} {what} within {maxWait.TotalSeconds:0} s"));
            await Task.WhenAny(milestone.Reached, Task.Delay(200, token));
        }

        return await milestone.Reached;
    }

    private async Task<long> ConfirmRunningAsync(FleetJobs jobs, CancellationToken token)
    {
        var deadline = PhaseDeadline();
        while (true)
        {
            var running = await jobs.RunningAsync(token);
            if (running >= settings.Tasks)
                return Stopwatch.GetTimestamp();
            if (Stopwatch.GetTimestamp() > deadline)
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"the master counts {running:N0} of {settings.Tasks:N0} tasks running after {maxWait.TotalSeconds:0} s"));
            await Task.Delay(100, token);
        }
    }

    private long PhaseDeadline() => Stopwatch.GetTimestamp() + (long)(maxWait.TotalSeconds * Stopwatch.Frequency);

    private async Task TickAsync(CancellationToken token)
    {
        using var timer = new PeriodicTimer(ProgressPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(token))
            {
                var p = Progress;
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {Stopwatch.GetElapsedTime(started).TotalSeconds,6:0.0} s: {p.Registered.Count:N0} agents registered; tasks {p.Assigned.Count:N0} assigned, {p.Running.Count:N0} running, {p.Killed.Count:N0} killed; heartbeats {p.HeartbeatsAnswered:N0} answered, {p.HeartbeatsFailed:N0} failed, longest silence {p.LongestSilence.TotalSeconds:0.0} s"));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
