using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Raftos.Bench;

/// <summary>
/// One failover trial: a single writer puts continuously, round-robin over all endpoints; the leader is
/// SIGKILLed; the result is the time from the kill to the completion of the first successful put that
/// was sent after the kill. This is the outage a client with a short timeout and naive retries sees.
/// </summary>
internal sealed class FailoverTrial(
    string targetName,
    IKvWriter writer,
    IReadOnlyList<Uri> endpoints,
    ILeaderLocator leaderLocator,
    FailoverSettings settings)
{
    private static readonly TimeSpan LeaderPollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan AllMembersFailedPause = TimeSpan.FromMilliseconds(1);

    public async Task<FailoverTrialResult> RunAsync(CancellationToken cancellationToken)
    {
        var progress = new FailoverProgress();
        using var stopWriter = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writerLoop = Task.Run(() => WriteUntilStoppedAsync(progress, stopWriter.Token), CancellationToken.None);
        try
        {
            return await KillLeaderAndMeasureAsync(progress, cancellationToken);
        }
        finally
        {
            await stopWriter.CancelAsync();
            await writerLoop;
        }
    }

    private async Task<FailoverTrialResult> KillLeaderAndMeasureAsync(FailoverProgress progress, CancellationToken cancellationToken)
    {
        if (!await CompletesWithinAsync(progress.FirstSuccess, settings.LeaderWait, cancellationToken))
        {
            return Failed(progress, null, "the cluster accepted no put before the kill");
        }

        await Task.Delay(settings.Settle, cancellationToken);

        // Located right before the kill so a leadership change during the settle period cannot fool us.
        var leader = await WaitForLeaderAsync(settings.LeaderWait, cancellationToken);
        if (leader is null)
        {
            return Failed(progress, null, "no member claimed leadership");
        }

        var killIssued = Stopwatch.GetTimestamp();
        try
        {
            using var process = Process.GetProcessById(leader.Pid);
            process.Kill();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or Win32Exception)
        {
            return Failed(progress, leader, $"could not kill pid {leader.Pid.ToString(CultureInfo.InvariantCulture)}: {ex.Message}");
        }

        // Puts sent between killIssued and here raced the signal; only later ones count.
        progress.MarkKilled(Stopwatch.GetTimestamp());

        if (!await CompletesWithinAsync(progress.FirstSuccessAfterKill, settings.MaxWait, cancellationToken))
        {
            return Failed(progress, leader, $"no put succeeded within {settings.MaxWait.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s of the kill");
        }

        var failover = Stopwatch.GetElapsedTime(killIssued, await progress.FirstSuccessAfterKill);

        // Only informational, so a short look is enough.
        var newLeader = await WaitForLeaderAsync(TimeSpan.FromSeconds(5), cancellationToken);

        return new FailoverTrialResult(
            targetName,
            Completed: true,
            Math.Round(failover.TotalMilliseconds, 1),
            leader.MemberId,
            leader.Endpoint.ToString(),
            leader.Pid,
            newLeader?.MemberId,
            progress.SuccessesBeforeKill,
            progress.AttemptsUntilRecovery,
            progress.ErrorsUntilRecovery,
            progress.FirstErrorAfterKill,
            Failure: null);
    }

    private FailoverTrialResult Failed(FailoverProgress progress, KillableLeader? leader, string why) => new(
        targetName,
        Completed: false,
        FailoverMs: null,
        leader?.MemberId,
        leader?.Endpoint.ToString(),
        leader?.Pid,
        NewLeader: null,
        progress.SuccessesBeforeKill,
        progress.AttemptsUntilRecovery,
        progress.ErrorsUntilRecovery,
        progress.FirstErrorAfterKill,
        why);

    private async Task<KillableLeader?> WaitForLeaderAsync(TimeSpan patience, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(patience.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var leader = await leaderLocator.TryFindLeaderAsync(cancellationToken);
            if (leader is not null || Stopwatch.GetTimestamp() >= deadline)
            {
                return leader;
            }

            await Task.Delay(LeaderPollInterval, cancellationToken);
        }
    }

    private static async Task<bool> CompletesWithinAsync(Task task, TimeSpan patience, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(patience, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task WriteUntilStoppedAsync(FailoverProgress progress, CancellationToken stop)
    {
        var value = new byte[settings.ValueSize];
        long sequence = 0;
        var next = 0;
        var failuresInARow = 0;
        while (!stop.IsCancellationRequested)
        {
            var endpoint = endpoints[next];
            next = (next + 1) % endpoints.Count;
            Random.Shared.NextBytes(value);
            var key = "failover/" + sequence++.ToString(CultureInfo.InvariantCulture);

            var sent = Stopwatch.GetTimestamp();
            string? error;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop))
            {
                timeout.CancelAfter(settings.RequestTimeout);
                try
                {
                    error = await writer.PutAsync(endpoint, key, value, timeout.Token);
                }
                catch (HttpRequestException ex)
                {
                    error = ex.HttpRequestError.ToString() + ": " + ex.Message;
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    error = "timeout";
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            progress.Record(sent, Stopwatch.GetTimestamp(), error);

            // No back-off while some member may still answer: trying the next endpoint at once is the retry
            // policy being measured. Only when every member refused in turn (all down, or not up yet) pause
            // briefly instead of spinning on refused connections.
            failuresInARow = error is null ? 0 : failuresInARow + 1;
            if (failuresInARow >= endpoints.Count)
            {
                failuresInARow = 0;
                await Task.Delay(AllMembersFailedPause, CancellationToken.None);
            }
        }
    }
}
