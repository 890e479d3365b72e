using System.Diagnostics;
using System.Globalization;
using Raftos.Chaos.History;

namespace Raftos.Chaos.Checking;

/// <summary>
/// Decides whether the operations of one key are linearizable, by the Wing–Gong search with Lowe's just-in-time
/// linearization and memoized configurations, as Porcupine does it.
/// </summary>
/// <remarks>
/// <para>
/// Every answered operation has a call entry at its invocation and a return entry at its completion, all in one list
/// sorted by time. The operations that may be linearized next are those whose call entry comes before the first
/// return entry left in the list: any of them may have taken effect before the first pending operation answered, and
/// nothing invoked after that answer may. The search linearizes one (removing both its entries) and starts again
/// from the head; when no candidate is left, the operation owning the first return can no longer be linearized, so
/// it undoes the last choice and tries the next candidate after it.
/// </para>
/// <para>
/// Unanswered operations have no return entry (their return is at infinity) and sit in a second list, tried only
/// after the answered candidates. They may always be left out: a write placed after everything else sets a value no
/// one reads, and a CAS placed where it does not match changes nothing. So the search succeeds as soon as every
/// answered operation is linearized, and a configuration that spent fewer of them dominates one that spent more
/// (see <see cref="VisitedConfigurations"/>).
/// </para>
/// <para>
/// Beyond Porcupine, three reductions keep long histories with many unanswered operations tractable, each keeping
/// at least one solution whenever there is one: interchangeable unanswered operations are linearized in invocation
/// order; an unanswered write is linearized only right before an operation that fits the value it sets and not the
/// current one; and a candidate that fits the current value without changing it is taken without trying
/// alternatives.
/// </para>
/// </remarks>
internal sealed class RegisterSearch
{
    private const int AnsweredHead = 0;
    private const int None = -1;
    private const int Fresh = -2;

    // Register values as small integers. Values that no read observed and no CAS expects are indistinguishable
    // to every step of the model, so they share one state; this keeps interchangeable configurations equal.
    private const int Absent = 0;
    private const int Unobservable = 1;

    // How many search steps pass between two looks at the clock.
    private const int ClockInterval = 4096;

    private readonly string key;
    private readonly Operation[] ops;
    private readonly long origin;

    private readonly StepKind[] kind;
    private readonly int[] compared;
    private readonly int[] written;
    private readonly bool[] answered;

    // Unanswered operations with the same effect (say, two unanswered writes of values no one observed) are
    // interchangeable; whichever was invoked first can stand in for a later one at any point the later one could be
    // linearized. Linearizing them strictly in invocation order therefore loses no solution and cuts the 2^k subsets
    // of k such pending operations down to k + 1.
    private readonly int[] interchangeClass;
    private readonly int[] classRank;
    private readonly int[] classLinearized;

    // Unanswered writes are linearized only as companions, immediately before an operation that does not fit the
    // current value but fits the one the write sets (a read of it, a CAS expecting it, a refused CAS expecting
    // anything else). Anywhere else a write would be overwritten unseen or contradicted by what follows, so moving
    // it to where it is needed, or dropping it, keeps a solution; and it stops writes that never took effect, which
    // pile up over a long run, from being tried at every step.
    private readonly int[] unansweredWriterOf;
    private readonly bool[] companionOnly;
    private readonly bool[] linearizedOp;

    // Two doubly linked entry lists over one numbering of nodes in time order: answered operations' calls and
    // returns, and unanswered operations' calls. Removed nodes keep their links so they can be put back in LIFO
    // order (dancing links).
    private readonly int unansweredHead;
    private readonly int[] next;
    private readonly int[] prev;
    private readonly int[] nodeOp;
    private readonly bool[] nodeIsCall;
    private readonly int[] callNode;
    private readonly int[] returnNode;

    // Each operation's index among the answered or among the unanswered ones: its bit in the matching set.
    private readonly int[] slot;
    private readonly int answeredCount;
    private readonly ulong[] zobrist;

    /// <summary>Prepares the search over one key's operations.</summary>
    /// <param name="key">The key.</param>
    /// <param name="operations">
    /// Its operations, failed ones and unanswered reads already removed, in a deterministic order (it breaks ties).
    /// </param>
    /// <param name="origin">The time explanations count milliseconds from.</param>
    public RegisterSearch(string key, IReadOnlyList<Operation> operations, long origin)
    {
        this.key = key;
        ops = [.. operations];
        this.origin = origin;
        var n = ops.Length;

        kind = new StepKind[n];
        compared = new int[n];
        written = new int[n];
        answered = new bool[n];
        interchangeClass = new int[n];
        classRank = new int[n];
        slot = new int[n];

        var states = DistinguishedValues(ops);
        var classes = new Dictionary<(StepKind, int), int>();
        for (var i = 0; i < n; i++)
        {
            var op = ops[i];
            answered[i] = op.Outcome == Outcome.Ok;
            kind[i] = op.Kind switch
            {
                OperationKind.Read => StepKind.Read,
                OperationKind.Write => StepKind.Write,
                _ when !answered[i] => StepKind.CasUnknown,
                _ when op.CasApplied => StepKind.CasApplied,
                _ => StepKind.CasRefused,
            };
            compared[i] = StateOf(states, op.Kind == OperationKind.Read ? op.Observed : op.Expected);
            written[i] = StateOf(states, op.Value);
            interchangeClass[i] = None;
            if (!answered[i] && written[i] == Unobservable)
            {
                var signature = (kind[i], kind[i] == StepKind.CasUnknown ? compared[i] : 0);
                if (!classes.TryGetValue(signature, out var cls))
                {
                    cls = classes.Count;
                    classes.Add(signature, cls);
                }

                interchangeClass[i] = cls;
            }

            slot[i] = answered[i] ? answeredCount++ : i - answeredCount;
        }

        zobrist = [.. Enumerable.Range(0, answeredCount).Select(i => SplitMix64((ulong)i + 0x5EED))];

        classLinearized = new int[classes.Count];
        linearizedOp = new bool[n];
        companionOnly = new bool[n];
        unansweredWriterOf = new int[states.Count + Unobservable + 1];
        Array.Fill(unansweredWriterOf, None);
        var writers = new int[unansweredWriterOf.Length];
        for (var i = 0; i < n; i++)
        {
            if (kind[i] != StepKind.Read && kind[i] != StepKind.CasRefused)
            {
                writers[written[i]]++;
            }
        }

        for (var i = 0; i < n; i++)
        {
            // Absence, or a value written twice despite the workload's promise, has no single writer to look up;
            // such writes stay ordinary candidates, which costs speed and nothing else.
            var unique = written[i] == Unobservable || (written[i] > Unobservable && writers[written[i]] == 1);
            if (!answered[i] && kind[i] == StepKind.Write && unique)
            {
                companionOnly[i] = true;
                if (written[i] > Unobservable)
                {
                    unansweredWriterOf[written[i]] = i;
                }
            }
        }

        // The entry list. Tie rule at equal times: returns first, so an operation that answered at the very
        // nanosecond another was invoked precedes it. An operation whose own invocation and answer coincide is
        // placed between those returns and calls, with its call before its return; several such operations at one
        // instant are treated as concurrent with each other rather than contradictorily each preceding the others.
        var entries = new List<(long Time, int Phase, int Op, bool IsCall)>(2 * n);
        for (var i = 0; i < n; i++)
        {
            var op = ops[i];
            if (!answered[i])
            {
                entries.Add((op.InvokedAt, 3, i, true));
            }
            else if (op.CompletedAt == op.InvokedAt)
            {
                entries.Add((op.InvokedAt, 1, i, true));
                entries.Add((op.CompletedAt, 2, i, false));
            }
            else
            {
                entries.Add((op.InvokedAt, 3, i, true));
                entries.Add((op.CompletedAt, 0, i, false));
            }
        }

        entries.Sort();
        unansweredHead = entries.Count + 1;
        next = new int[entries.Count + 2];
        prev = new int[entries.Count + 2];
        nodeOp = new int[entries.Count + 2];
        nodeIsCall = new bool[entries.Count + 2];
        callNode = new int[n];
        returnNode = new int[n];
        Array.Fill(returnNode, None);
        nodeOp[AnsweredHead] = None;
        nodeOp[unansweredHead] = None;
        var ranks = new int[classes.Count];
        var answeredTail = AnsweredHead;
        var unansweredTail = unansweredHead;
        for (var node = 1; node <= entries.Count; node++)
        {
            var (_, _, op, isCall) = entries[node - 1];
            nodeOp[node] = op;
            nodeIsCall[node] = isCall;
            ref var tail = ref answered[op] ? ref answeredTail : ref unansweredTail;
            prev[node] = tail;
            next[tail] = node;
            tail = node;
            if (isCall)
            {
                callNode[op] = node;
                if (interchangeClass[op] != None)
                {
                    classRank[op] = ranks[interchangeClass[op]]++;
                }
            }
            else
            {
                returnNode[op] = node;
            }
        }

        next[answeredTail] = None;
        next[unansweredTail] = None;
    }

    private enum StepKind : byte
    {
        Read,
        Write,
        CasApplied,
        CasRefused,
        CasUnknown,
    }

    /// <summary>Runs the search until it decides or the clock passes <paramref name="deadline"/>.</summary>
    /// <param name="deadline">A <see cref="Stopwatch.GetTimestamp"/> value; <see cref="long.MaxValue"/> for none.</param>
    public KeyLinearizability Run(long deadline)
    {
        var n = ops.Length;
        var answeredSet = new ulong[(answeredCount + 63) / 64];
        var unansweredSet = new ulong[(n - answeredCount + 63) / 64];
        ulong hash = 0;
        var state = Absent;
        var pendingAnswered = answeredCount;
        var visited = new VisitedConfigurations();

        // The choices made so far: which operation, the unanswered write linearized just before it as its companion
        // if any, whether it was forced (see below), and the state before it.
        var chosen = new int[n];
        var companions = new int[n];
        var forcedChoice = new bool[n];
        var stateBefore = new int[n];
        var depth = 0;

        // The longest prefix seen. It is rebuilt only from the lowest depth the stack fell to since it was last
        // recorded, so keeping it costs no more than the pushes themselves.
        var best = new List<(int Op, int Companion)>();
        var lowWater = 0;

        // Answered candidates are tried first, unanswered ones only once those are exhausted: a configuration with
        // fewer optional operations spent dominates, and exploring it first lets the memo prune the others.
        var entry = next[AnsweredHead];
        var unansweredPass = false;
        var freshLevel = true;
        var companionCursor = Fresh;
        var limit = 0;
        long steps = 0;
        while (pendingAnswered > 0)
        {
            if (++steps % ClockInterval == 0 && Stopwatch.GetTimestamp() > deadline)
            {
                return Undecided(visited.Count, best.Count);
            }

            var op = None;
            var companion = None;
            var after = state;
            var forced = false;
            var exhausted = false;
            if (freshLevel)
            {
                // A candidate that leaves the value as it is and fits it now (a read of the current value, a CAS
                // refused for a value that is not current) can go first without loss: moving it to the front of
                // any solution keeps the solution valid. So it is taken with no alternative tried.
                freshLevel = false;
                op = ForcedCandidate(state);
                forced = op != None;
            }

            if (!forced)
            {
                if (!unansweredPass && !nodeIsCall[entry])
                {
                    // The first pending answer: the unanswered operations invoked before it are the other candidates.
                    unansweredPass = true;
                    limit = entry;
                    entry = next[unansweredHead];
                    continue;
                }

                exhausted = unansweredPass && (entry == None || entry > limit);
                if (!exhausted)
                {
                    op = nodeOp[entry];
                    var cls = interchangeClass[op];
                    var movable = !companionOnly[op] && (cls == None || classRank[op] == classLinearized[cls]);
                    if (movable && (companionCursor != Fresh || !TryStep(op, state, out after)))
                    {
                        companion = NextCompanion(op, companionCursor, unansweredPass ? limit : FirstReturnFrom(entry));
                        movable = companion != None && TryStep(op, written[companion], out after);
                    }

                    if (!movable)
                    {
                        entry = next[entry];
                        companionCursor = Fresh;
                        continue;
                    }
                }
            }

            if (!exhausted)
            {
                var candidateHash = answered[op] ? hash ^ zobrist[slot[op]] : hash;
                Mark(answered[op] ? answeredSet : unansweredSet, slot[op], true);
                if (companion != None)
                {
                    Mark(unansweredSet, slot[companion], true);
                }

                if (visited.Add(answeredSet, candidateHash, after, unansweredSet))
                {
                    hash = candidateHash;
                    chosen[depth] = op;
                    companions[depth] = companion;
                    forcedChoice[depth] = forced;
                    stateBefore[depth] = state;
                    depth++;
                    state = after;
                    Lift(op);
                    linearizedOp[op] = true;
                    if (interchangeClass[op] != None)
                    {
                        classLinearized[interchangeClass[op]]++;
                    }

                    if (companion != None)
                    {
                        Lift(companion);
                        linearizedOp[companion] = true;
                        if (interchangeClass[companion] != None)
                        {
                            classLinearized[interchangeClass[companion]]++;
                        }
                    }

                    if (answered[op])
                    {
                        pendingAnswered--;
                    }

                    if (depth > best.Count)
                    {
                        best.RemoveRange(lowWater, best.Count - lowWater);
                        for (var d = lowWater; d < depth; d++)
                        {
                            best.Add((chosen[d], companions[d]));
                        }

                        lowWater = depth;
                    }

                    entry = next[AnsweredHead];
                    unansweredPass = false;
                    freshLevel = true;
                    companionCursor = Fresh;
                    continue;
                }

                Mark(answered[op] ? answeredSet : unansweredSet, slot[op], false);
                if (companion != None)
                {
                    // Explored already with this companion; another may still do.
                    Mark(unansweredSet, slot[companion], false);
                    companionCursor = next[callNode[companion]];
                    continue;
                }

                // A forced candidate already explored means this configuration is a dead end as well.
                exhausted = forced;
                if (!exhausted)
                {
                    entry = next[entry];
                    continue;
                }
            }

            // Nothing left to try here: undo choices until one that had alternatives, and try the next candidate
            // after it. A forced choice had none, so failing after it fails the level that made it too.
            int undone;
            int undoneCompanion;
            do
            {
                if (depth == 0)
                {
                    return Refuted(visited.Count, best);
                }

                depth--;
                lowWater = Math.Min(lowWater, depth);
                undone = chosen[depth];
                undoneCompanion = companions[depth];
                state = stateBefore[depth];
                if (undoneCompanion != None)
                {
                    Mark(unansweredSet, slot[undoneCompanion], false);
                    Unlift(undoneCompanion);
                    linearizedOp[undoneCompanion] = false;
                    if (interchangeClass[undoneCompanion] != None)
                    {
                        classLinearized[interchangeClass[undoneCompanion]]--;
                    }
                }

                if (answered[undone])
                {
                    Mark(answeredSet, slot[undone], false);
                    hash ^= zobrist[slot[undone]];
                    pendingAnswered++;
                }
                else
                {
                    Mark(unansweredSet, slot[undone], false);
                }

                Unlift(undone);
                linearizedOp[undone] = false;
                if (interchangeClass[undone] != None)
                {
                    classLinearized[interchangeClass[undone]]--;
                }
            }
            while (forcedChoice[depth]);

            unansweredPass = !answered[undone];
            if (unansweredPass)
            {
                limit = FirstPendingReturn();
            }

            // After a choice with a companion, the same operation is tried with the next companion.
            entry = undoneCompanion != None ? callNode[undone] : next[callNode[undone]];
            companionCursor = undoneCompanion != None ? next[callNode[undoneCompanion]] : Fresh;
        }

        return new KeyLinearizability
        {
            Key = key,
            Verdict = LinearizabilityVerdict.Linearizable,
            OperationCount = n,
            ConfigurationsVisited = visited.Count,
            Explanation = string.Create(CultureInfo.InvariantCulture, $"key {key}: linearizable ({n} operations)"),
        };
    }

    /// <summary>The first answered candidate that fits <paramref name="state"/> without changing it, or <see cref="None"/>.</summary>
    private int ForcedCandidate(int state)
    {
        for (var node = next[AnsweredHead]; nodeIsCall[node]; node = next[node])
        {
            var op = nodeOp[node];
            if (kind[op] == StepKind.Read ? state == compared[op] : kind[op] == StepKind.CasRefused && state != compared[op])
            {
                return op;
            }
        }

        return None;
    }

    private int FirstPendingReturn()
    {
        var node = next[AnsweredHead];
        while (nodeIsCall[node])
        {
            node = next[node];
        }

        return node;
    }

    private static Dictionary<string, int> DistinguishedValues(Operation[] operations)
    {
        var states = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var op in operations)
        {
            var value = op.Kind switch
            {
                OperationKind.Read => op.Observed,
                OperationKind.Cas => op.Expected,
                _ => null,
            };
            if (value is not null && !states.ContainsKey(value))
            {
                states.Add(value, states.Count + Unobservable + 1);
            }
        }

        return states;
    }

    private static int StateOf(Dictionary<string, int> states, string? value) =>
        value is null ? Absent : states.GetValueOrDefault(value, Unobservable);

    private static ulong SplitMix64(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    private static void Mark(ulong[] linearized, int op, bool set)
    {
        if (set)
        {
            linearized[op >> 6] |= 1UL << (op & 63);
        }
        else
        {
            linearized[op >> 6] &= ~(1UL << (op & 63));
        }
    }

    /// <summary>
    /// The next unanswered write, from <paramref name="cursor"/> on, that would make <paramref name="op"/> fit if
    /// linearized just before it; <see cref="None"/> when there is none.
    /// </summary>
    /// <param name="op">A candidate that does not fit the current value.</param>
    /// <param name="cursor">Where the previous companion left off in the unanswered list, or <see cref="Fresh"/>.</param>
    /// <param name="firstReturn">The first pending return: a companion must have been invoked before it.</param>
    private int NextCompanion(int op, int cursor, int firstReturn)
    {
        if (kind[op] != StepKind.CasRefused)
        {
            // Only the write of the very value it needs will do, and values are written once.
            var writer = cursor == Fresh ? unansweredWriterOf[compared[op]] : None;
            return writer != None && !linearizedOp[writer] && callNode[writer] < firstReturn ? writer : None;
        }

        // Node numbers follow time order, so a node before the first return was invoked before that answer.
        for (var node = cursor == Fresh ? next[unansweredHead] : cursor; node != None && node < firstReturn; node = next[node])
        {
            var write = nodeOp[node];
            var cls = interchangeClass[write];
            if (companionOnly[write] && (cls == None || classRank[write] == classLinearized[cls]) && written[write] != compared[op])
            {
                return write;
            }
        }

        return None;
    }

    private int FirstReturnFrom(int node)
    {
        while (nodeIsCall[node])
        {
            node = next[node];
        }

        return node;
    }

    private bool TryStep(int op, int state, out int after)
    {
        after = state;
        switch (kind[op])
        {
            case StepKind.Read:
                return state == compared[op];
            case StepKind.Write:
                after = written[op];
                return true;
            case StepKind.CasApplied:
                after = written[op];
                return state == compared[op];
            case StepKind.CasRefused:
                return state != compared[op];
            default:
                // Unanswered: where the value does not match it would change nothing, which is the same as
                // never linearizing it, so only the linearization where it applies is worth exploring.
                after = written[op];
                return state == compared[op];
        }
    }

    private void Lift(int op)
    {
        Unlink(callNode[op]);
        if (returnNode[op] != None)
        {
            Unlink(returnNode[op]);
        }
    }

    private void Unlift(int op)
    {
        if (returnNode[op] != None)
        {
            Relink(returnNode[op]);
        }

        Relink(callNode[op]);
    }

    private void Unlink(int node)
    {
        next[prev[node]] = next[node];
        if (next[node] != None)
        {
            prev[next[node]] = prev[node];
        }
    }

    private void Relink(int node)
    {
        next[prev[node]] = node;
        if (next[node] != None)
        {
            prev[next[node]] = node;
        }
    }

    private KeyLinearizability Undecided(int configurations, int longest) => new()
    {
        Key = key,
        Verdict = LinearizabilityVerdict.Unknown,
        OperationCount = ops.Length,
        ConfigurationsVisited = configurations,
        Explanation = string.Create(
            CultureInfo.InvariantCulture,
            $"key {key}: undecided, the search timed out after {configurations} configurations (longest linearized prefix: {longest} of {ops.Length} operations)"),
    };

    private KeyLinearizability Refuted(int configurations, List<(int Op, int Companion)> frames)
    {
        var best = frames.SelectMany(f => f.Companion == None ? [f.Op] : new[] { f.Companion, f.Op }).ToList();
        var inPrefix = new bool[ops.Length];
        string? value = null;
        foreach (var op in best)
        {
            inPrefix[op] = true;
            value = Apply(ops[op], value);
        }

        // The first return entry of an operation left out: it bounds the operations that could have come next.
        var blocker = None;
        var node = 1;
        for (; node < unansweredHead; node++)
        {
            if (!nodeIsCall[node] && !inPrefix[nodeOp[node]])
            {
                blocker = nodeOp[node];
                break;
            }
        }

        // At the deepest configuration every candidate that could step was tried and led nowhere deeper, so the
        // candidates that cannot step from the value reached are the ones to blame.
        var stuck = new List<int>();
        for (var candidate = 1; candidate < node; candidate++)
        {
            var op = nodeOp[candidate];
            if (nodeIsCall[candidate] && !inPrefix[op] && op != blocker && !CanStep(ops[op], value))
            {
                stuck.Add(op);
            }
        }

        if (blocker != None)
        {
            stuck.Insert(0, blocker);
        }

        var explanation = new System.Text.StringBuilder();
        explanation.Append(CultureInfo.InvariantCulture, $"key {key}: ");
        if (best.Count == 0)
        {
            explanation.Append("from the initial absent value");
        }
        else
        {
            var shown = best.Skip(Math.Max(0, best.Count - 3)).Select(op => OperationText.Brief(ops[op]));
            var lead = best.Count > 3 ? string.Create(CultureInfo.InvariantCulture, $"{best.Count} operations ending ") : string.Empty;
            explanation.Append(CultureInfo.InvariantCulture, $"after {lead}{string.Join(", ", shown)} (value {OperationText.Value(value)})");
        }

        explanation.Append(", no order explains ");
        explanation.Append(string.Join(" or ", stuck.Take(3).Select(op => OperationText.Detailed(ops[op], origin))));
        if (stuck.Count > 3)
        {
            explanation.Append(CultureInfo.InvariantCulture, $" or {stuck.Count - 3} more");
        }

        return new KeyLinearizability
        {
            Key = key,
            Verdict = LinearizabilityVerdict.NotLinearizable,
            OperationCount = ops.Length,
            ConfigurationsVisited = configurations,
            LongestLinearizablePrefix = [.. best.Select(op => ops[op])],
            Unlinearizable = [.. stuck.Select(op => ops[op])],
            Explanation = explanation.ToString(),
        };
    }

    private static string? Apply(Operation op, string? value) => op.Kind switch
    {
        OperationKind.Write => op.Value,
        OperationKind.Cas when string.Equals(value, op.Expected, StringComparison.Ordinal) && (op.CasApplied || op.Outcome == Outcome.Unknown) => op.Value,
        _ => value,
    };

    private static bool CanStep(Operation op, string? value) => op.Kind switch
    {
        OperationKind.Read => string.Equals(value, op.Observed, StringComparison.Ordinal),
        OperationKind.Write => true,
        _ when op.Outcome == Outcome.Unknown => true,
        _ => string.Equals(value, op.Expected, StringComparison.Ordinal) == op.CasApplied,
    };
}
