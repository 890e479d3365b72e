namespace Raftos.Bench;

/// <summary>
/// What the failover writer has seen, split at the moment the leader was killed. Only the writer loop
/// records; the trial reads the counters after the writer has stopped, and the tasks at any time.
/// </summary>
internal sealed class FailoverProgress
{
    private readonly TaskCompletionSource _firstSuccess = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<long> _firstSuccessAfterKill = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _killedAt;

    /// <summary>Completes once the cluster has accepted a put, i.e. it is worth killing the leader.</summary>
    public Task FirstSuccess => _firstSuccess.Task;

    /// <summary>Completes with the Stopwatch timestamp at which the first put sent after the kill succeeded.</summary>
    public Task<long> FirstSuccessAfterKill => _firstSuccessAfterKill.Task;

    public long SuccessesBeforeKill { get; private set; }

    /// <summary>Puts sent after the kill up to and including the first one that succeeded.</summary>
    public long AttemptsUntilRecovery { get; private set; }

    public long ErrorsUntilRecovery { get; private set; }

    public string? FirstErrorAfterKill { get; private set; }

    /// <summary>Marks the kill; from now on only puts sent at or after <paramref name="timestamp"/> can end the trial.</summary>
    public void MarkKilled(long timestamp) => Volatile.Write(ref _killedAt, timestamp);

    public void Record(long sent, long finished, string? error)
    {
        var killedAt = Volatile.Read(ref _killedAt);
        if (killedAt == 0)
        {
            if (error is null)
            {
                SuccessesBeforeKill++;
                _firstSuccess.TrySetResult();
            }

            return;
        }

        // A put already in flight at the kill may have been committed by the old leader: it proves nothing.
        // Once a put has succeeded the outage is over, and later errors (the dead member's endpoint keeps
        // refusing) say nothing about it.
        if (sent < killedAt || _firstSuccessAfterKill.Task.IsCompleted)
        {
            return;
        }

        AttemptsUntilRecovery++;
        if (error is null)
        {
            _firstSuccessAfterKill.TrySetResult(finished);
        }
        else
        {
            ErrorsUntilRecovery++;
            FirstErrorAfterKill ??= error;
        }
    }
}
