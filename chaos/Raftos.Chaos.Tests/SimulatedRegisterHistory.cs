using Raftos.Chaos.History;

namespace Raftos.Chaos.Tests;

/// <summary>
/// Linearizable histories by construction: random sequential processes run operations on a real register, each
/// taking effect at a point drawn inside its interval (an unanswered one at any point after its invocation, or
/// never), and the register's answers at those points become the history.
/// </summary>
internal static class SimulatedRegisterHistory
{
    public static List<Operation> Generate(int seed, int operations, int processes, int keys, double unknownRate = 0.03, double failedRate = 0.02)
    {
        var rng = new Random(seed);
        var freeAt = new long[processes];
        for (var p = 0; p < processes; p++)
        {
            freeAt[p] = rng.Next(0, 20);
        }

        var recentValues = new List<string?>[keys];
        for (var k = 0; k < keys; k++)
        {
            recentValues[k] = [null];
        }

        // Built in two passes: intervals and intents first, then the register's answers in effect order.
        var drafts = new List<Draft>(operations);
        for (var i = 0; i < operations; i++)
        {
            var process = 0;
            for (var p = 1; p < processes; p++)
            {
                if (freeAt[p] < freeAt[process])
                {
                    process = p;
                }
            }

            // Nanosecond-ish units scaled so explanations print readable milliseconds.
            var invoked = freeAt[process] + rng.Next(1, 5) * 10_000L;
            var duration = rng.Next(1, 40) * 10_000L;
            var completed = invoked + duration;
            var key = rng.Next(keys);
            var roll = rng.NextDouble();
            var kind = roll < 0.5 ? OperationKind.Read : roll < 0.8 ? OperationKind.Write : OperationKind.Cas;
            var outcomeRoll = rng.NextDouble();
            var outcome = outcomeRoll < unknownRate ? Outcome.Unknown : outcomeRoll < unknownRate + failedRate ? Outcome.Failed : Outcome.Ok;

            var value = kind == OperationKind.Read ? null : $"v{i}";
            string? expected = null;
            if (kind == OperationKind.Cas)
            {
                var recent = recentValues[key];
                expected = recent[Math.Max(0, recent.Count - 1 - rng.Next(3))];
            }

            if (value is not null)
            {
                recentValues[key].Add(value);
            }

            double? effectAt = outcome switch
            {
                Outcome.Ok => invoked + (0.001 + (0.998 * rng.NextDouble())) * duration,
                Outcome.Unknown when kind != OperationKind.Read && rng.NextDouble() < 0.5 => invoked + (0.001 + (3 * rng.NextDouble())) * duration,
                _ => null,
            };

            drafts.Add(new Draft(i, process, $"k{key}", kind, value, expected, invoked, completed, outcome, effectAt));
            freeAt[process] = completed;
        }

        var current = new Dictionary<string, string?>(StringComparer.Ordinal);
        var observed = new string?[operations];
        var applied = new bool[operations];
        foreach (var draft in drafts.Where(d => d.EffectAt is not null).OrderBy(d => d.EffectAt).ThenBy(d => d.Index))
        {
            var value = current.GetValueOrDefault(draft.Key);
            switch (draft.Kind)
            {
                case OperationKind.Read:
                    observed[draft.Index] = value;
                    break;
                case OperationKind.Write:
                    current[draft.Key] = draft.Value;
                    break;
                default:
                    applied[draft.Index] = string.Equals(value, draft.Expected, StringComparison.Ordinal);
                    if (applied[draft.Index])
                    {
                        current[draft.Key] = draft.Value;
                    }

                    break;
            }
        }

        return [.. drafts.Select(d => new Operation
        {
            Process = d.Process,
            Key = d.Key,
            Kind = d.Kind,
            Value = d.Value,
            Expected = d.Expected,
            InvokedAt = d.InvokedAt,
            CompletedAt = d.Outcome == Outcome.Unknown ? long.MaxValue : d.CompletedAt,
            Outcome = d.Outcome,

            // What an unanswered or failed read "saw" is noise the checker must ignore.
            Observed = d.Kind == OperationKind.Read ? d.EffectAt is null ? "noise" : observed[d.Index] : null,
            CasApplied = d.Kind == OperationKind.Cas && d.Outcome == Outcome.Ok && applied[d.Index],
        })];
    }

    /// <summary>
    /// Changes one answered read to observe a value that cannot be current anywhere in its interval: a value some
    /// other answered write provably replaced before the read began (or absence, once a write is known to be
    /// done), else a value never written. Returns the index of the read changed.
    /// </summary>
    public static int CorruptOneRead(List<Operation> history, int seed)
    {
        var rng = new Random(seed);
        var reads = Enumerable.Range(0, history.Count)
            .Where(i => history[i].Kind == OperationKind.Read && history[i].Outcome == Outcome.Ok)
            .OrderBy(_ => rng.Next())
            .ToList();
        foreach (var r in reads)
        {
            var read = history[r];
            var stale = ImpossibleValues(history, read).Where(v => !string.Equals(v, read.Observed, StringComparison.Ordinal)).ToList();
            if (stale.Count > 0)
            {
                history[r] = read with { Observed = stale[rng.Next(stale.Count)] };
                return r;
            }
        }

        history[reads[0]] = history[reads[0]] with { Observed = "never-written" };
        return reads[0];
    }

    private static IEnumerable<string?> ImpossibleValues(List<Operation> history, Operation read)
    {
        // Answered operations that set the key's value: they certainly took effect inside their intervals.
        var setters = history
            .Where(o => o.Key == read.Key && o.Outcome == Outcome.Ok && (o.Kind == OperationKind.Write || (o.Kind == OperationKind.Cas && o.CasApplied)))
            .ToList();
        if (setters.Any(s => s.CompletedAt < read.InvokedAt))
        {
            yield return null;
        }

        foreach (var older in setters)
        {
            if (setters.Any(newer => newer.InvokedAt > older.CompletedAt && newer.CompletedAt < read.InvokedAt))
            {
                yield return older.Value;
            }
        }
    }

    private sealed record Draft(
        int Index,
        int Process,
        string Key,
        OperationKind Kind,
        string? Value,
        string? Expected,
        long InvokedAt,
        long CompletedAt,
        Outcome Outcome,
        double? EffectAt);
}
