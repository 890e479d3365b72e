using MessagePack;

namespace Raftos.Core.Jobs;

/// <summary>
/// What happens when a task exits. Service tasks are always restarted, after a delay that
/// doubles with each consecutive failure up to <see cref="MaxDelayMs"/>; batch tasks are
/// retried after a failure up to <see cref="Attempts"/> times. A task lost with its agent is
/// replaced at once, without delay.
/// </summary>
[MessagePackObject]
public sealed record RestartPolicy
{
    /// <summary>Retries of a failed batch task.</summary>
    [Key(0)] public int Attempts { get; init; } = 3;

    /// <summary>Delay before the first restart after a failure.</summary>
    [Key(1)] public int DelayMs { get; init; } = 1000;

    /// <summary>Longest delay between restarts.</summary>
    [Key(2)] public int MaxDelayMs { get; init; } = 30_000;

    /// <summary>The delay before restart number <paramref name="failures"/> (1 = first).</summary>
    public long DelayAfter(int failures)
    {
        if (failures <= 0)
            return 0;
        var delay = (long)DelayMs << Math.Min(failures - 1, 20);
        return Math.Min(delay, MaxDelayMs);
    }
}
