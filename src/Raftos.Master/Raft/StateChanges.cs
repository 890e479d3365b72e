namespace Raftos.Master.Raft;

/// <summary>
/// Wakes whoever waits for the replicated state to change (long polls, the scheduler). Take
/// <see cref="Next"/> before reading the state, then await it: a change between the read and
/// the await is never missed.
/// </summary>
public sealed class StateChanges
{
    private TaskCompletionSource next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next applied entry.</summary>
    public Task Next => Volatile.Read(ref next).Task;

    /// <summary>Called after each applied entry.</summary>
    public void Notify()
        => Interlocked.Exchange(ref next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
