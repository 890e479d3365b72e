using System.Diagnostics;
using Raftos.Chaos.History;

namespace Raftos.Chaos.Checking;

/// <summary>
/// Checks that a register workload's history is linearizable, in the manner of Porcupine: the history is split by
/// key (a history is linearizable exactly when each key's part is, so keys are checked on their own, in parallel),
/// and each key is searched with the Wing–Gong algorithm, Lowe's just-in-time linearization and a memo of visited
/// configurations.
/// </summary>
/// <remarks>
/// <para>What goes in: <see cref="Outcome.Failed"/> operations did not happen and are dropped; unanswered reads tell
/// nothing and are dropped; unanswered writes and CASes may take effect at any time after their invocation, or never.</para>
/// <para>Tie rule: an operation that completed at the same nanosecond another was invoked is taken to precede it.</para>
/// </remarks>
public static class LinearizabilityChecker
{
    /// <summary>Checks <paramref name="history"/>.</summary>
    /// <param name="history">Every operation of the run, on any keys, in any order.</param>
    /// <param name="timeout">
    /// The time the whole check may take (<see cref="Timeout.InfiniteTimeSpan"/> for no limit). Keys not decided
    /// by then get <see cref="LinearizabilityVerdict.Unknown"/>.
    /// </param>
    /// <exception cref="ArgumentException">An answered operation completed before it was invoked.</exception>
    public static LinearizabilityResult Check(IReadOnlyList<Operation> history, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must not be negative.");
        }

        var started = Stopwatch.GetTimestamp();
        var deadline = timeout == Timeout.InfiniteTimeSpan || timeout.TotalSeconds * Stopwatch.Frequency >= long.MaxValue - started
            ? long.MaxValue
            : started + (long)(timeout.TotalSeconds * Stopwatch.Frequency);

        var byKey = new SortedDictionary<string, List<Operation>>(StringComparer.Ordinal);
        var origin = long.MaxValue;
        foreach (var op in history)
        {
            ArgumentNullException.ThrowIfNull(op, nameof(history));
            origin = Math.Min(origin, op.InvokedAt);
            if (op.Outcome == Outcome.Ok && op.CompletedAt < op.InvokedAt)
            {
                throw new ArgumentException($"An operation on key {op.Key} by process {op.Process} completed before it was invoked.", nameof(history));
            }

            if (!byKey.TryGetValue(op.Key, out var ops))
            {
                ops = [];
                byKey.Add(op.Key, ops);
            }

            if (Matters(op))
            {
                ops.Add(op);
            }
        }

        var keys = byKey.ToArray();
        var verdicts = new KeyLinearizability[keys.Length];
        Parallel.For(0, keys.Length, i =>
        {
            var (key, ops) = keys[i];
            verdicts[i] = new RegisterSearch(key, ops, origin).Run(deadline);
        });

        return new LinearizabilityResult(verdicts, Stopwatch.GetElapsedTime(started));
    }

    private static bool Matters(Operation op) => op.Outcome switch
    {
        Outcome.Ok => true,
        Outcome.Failed => false,
        _ => op.Kind != OperationKind.Read,
    };
}
