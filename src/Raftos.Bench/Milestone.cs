using System.Diagnostics;

namespace Raftos.Bench;

/// <summary>A count, thread-safe, that marks the moment it first reaches its target.</summary>
internal sealed class Milestone(long target)
{
    private readonly TaskCompletionSource<long> reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long count;

    public long Target => target;

    public long Count => Interlocked.Read(ref count);

    /// <summary>Completes with the <see cref="Stopwatch"/> timestamp at which the count reached the target.</summary>
    public Task<long> Reached => reached.Task;

    public void Add(long amount)
    {
        if (amount != 0 && Interlocked.Add(ref count, amount) >= target)
            reached.TrySetResult(Stopwatch.GetTimestamp());
    }
}
