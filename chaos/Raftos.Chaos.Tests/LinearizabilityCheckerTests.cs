using System.Diagnostics;
using Raftos.Chaos.Checking;
using Raftos.Chaos.History;
using Xunit.Abstractions;

namespace Raftos.Chaos.Tests;

public sealed class LinearizabilityCheckerTests(ITestOutputHelper output)
{
    private const string K = "k1";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    // Histories below are written in milliseconds for legibility; operations take nanoseconds.
    private static Operation Write(int process, string? value, long invokedMs, long completedMs, Outcome outcome = Outcome.Ok, string key = K) =>
        Op(process, key, OperationKind.Write, invokedMs, completedMs, outcome) with { Value = value };

    private static Operation Read(int process, string? observed, long invokedMs, long completedMs, Outcome outcome = Outcome.Ok, string key = K) =>
        Op(process, key, OperationKind.Read, invokedMs, completedMs, outcome) with { Observed = observed };

    private static Operation Cas(int process, string? expected, string? value, bool applied, long invokedMs, long completedMs, Outcome outcome = Outcome.Ok, string key = K) =>
        Op(process, key, OperationKind.Cas, invokedMs, completedMs, outcome) with { Expected = expected, Value = value, CasApplied = applied };

    private static Operation Op(int process, string key, OperationKind kind, long invokedMs, long completedMs, Outcome outcome) => new()
    {
        Process = process,
        Key = key,
        Kind = kind,
        InvokedAt = invokedMs * 1_000_000,
        CompletedAt = outcome == Outcome.Unknown ? long.MaxValue : completedMs * 1_000_000,
        Outcome = outcome,
    };

    private static LinearizabilityResult Check(params Operation[] history) => LinearizabilityChecker.Check(history, Timeout);

    private static void AssertLinearizable(params Operation[] history)
    {
        var result = Check(history);
        Assert.True(result.Verdict == LinearizabilityVerdict.Linearizable, result.ToString());
    }

    private static LinearizabilityResult AssertNotLinearizable(params Operation[] history)
    {
        var result = Check(history);
        Assert.Equal(LinearizabilityVerdict.NotLinearizable, result.Verdict);
        return result;
    }

    [Fact]
    public void An_empty_history_is_linearizable()
    {
        var result = Check();
        Assert.Equal(LinearizabilityVerdict.Linearizable, result.Verdict);
        Assert.Empty(result.Keys);
    }

    [Fact]
    public void A_sequential_history_that_reads_what_it_wrote_is_linearizable() => AssertLinearizable(
        Read(1, null, 0, 1),
        Write(1, "a", 2, 3),
        Read(2, "a", 4, 5),
        Write(2, "b", 6, 7),
        Read(1, "b", 8, 9));

    [Fact]
    public void Reads_of_a_key_never_written_see_it_absent() => AssertLinearizable(
        Read(1, null, 0, 1),
        Read(2, null, 0, 5),
        Cas(1, null, "a", true, 2, 3),
        Read(1, "a", 6, 7));

    [Theory]
    [InlineData("a", "b")]
    [InlineData("b", "a")]
    public void Concurrent_writes_may_be_read_in_either_order(string first, string second) => AssertLinearizable(
        Write(1, "a", 0, 10),
        Write(2, "b", 1, 11),
        Read(3, first, 2, 3),
        Read(3, second, 12, 13),
        Read(4, second, 14, 15));

    [Fact]
    public void A_read_concurrent_with_a_write_may_see_the_old_or_the_new_value() => AssertLinearizable(
        Write(1, "a", 0, 1),
        Write(1, "b", 2, 10),
        Read(2, "a", 3, 4),
        Read(3, "b", 5, 6),
        Read(2, "b", 11, 12));

    [Fact]
    public void An_unknown_write_that_later_shows_up_is_linearizable() => AssertLinearizable(
        Write(1, "a", 0, 1),
        Write(2, "b", 2, 0, Outcome.Unknown),
        Read(3, "a", 3, 4),
        Read(3, "b", 50, 51),
        Read(4, "b", 52, 53));

    [Fact]
    public void An_unknown_write_that_never_shows_up_is_linearizable() => AssertLinearizable(
        Write(1, "a", 0, 1),
        Write(2, "b", 2, 0, Outcome.Unknown),
        Read(3, "a", 3, 4),
        Read(3, "a", 50, 51));

    [Fact]
    public void An_unknown_write_cannot_be_read_before_it_was_invoked() => AssertNotLinearizable(
        Write(1, "a", 0, 1),
        Read(3, "b", 2, 3),
        Write(2, "b", 4, 0, Outcome.Unknown));

    [Fact]
    public void An_unknown_write_may_explain_a_refused_cas() => AssertLinearizable(
        Write(1, "a", 0, 1),
        Write(2, "x", 2, 0, Outcome.Unknown),
        Cas(1, "a", "b", false, 3, 4));

    [Fact]
    public void Each_unknown_write_explains_at_most_one_refused_cas()
    {
        Operation[] history =
        [
            Write(1, "a", 0, 1),
            Write(2, "x", 2, 0, Outcome.Unknown),
            Cas(1, "a", "b", false, 3, 4),
            Write(1, "c", 5, 6),
            Cas(1, "c", "d", false, 7, 8),
        ];

        AssertNotLinearizable(history);
        AssertLinearizable([.. history, Write(3, "y", 2, 0, Outcome.Unknown)]);
    }

    [Fact]
    public void Unknown_reads_and_failed_operations_are_ignored() => AssertLinearizable(
        Write(1, "a", 0, 1),
        Write(2, "b", 2, 3, Outcome.Failed),
        Cas(2, "a", "c", true, 4, 5, Outcome.Failed),
        Read(3, "nonsense", 6, 0, Outcome.Unknown),
        Read(3, "a", 7, 8));

    [Fact]
    public void A_cas_applies_when_the_value_matches_and_is_refused_otherwise() => AssertLinearizable(
        Write(1, "a", 0, 1),
        Cas(1, "a", "b", true, 2, 3),
        Cas(2, "a", "c", false, 4, 5),
        Cas(2, null, "d", false, 6, 7),
        Read(1, "b", 8, 9));

    [Fact]
    public void An_unknown_cas_that_later_shows_up_is_linearizable() => AssertLinearizable(
        Write(1, "a", 0, 1),
        Cas(2, "a", "b", false, 2, 0, Outcome.Unknown),
        Read(3, "a", 3, 4),
        Read(3, "b", 10, 11));

    [Fact]
    public void An_unknown_cas_whose_expected_value_was_never_current_cannot_show_up() => AssertNotLinearizable(
        Write(1, "a", 0, 1),
        Cas(2, "z", "b", false, 2, 0, Outcome.Unknown),
        Read(3, "b", 10, 11));

    [Fact]
    public void An_operation_that_completed_when_another_was_invoked_precedes_it()
    {
        AssertLinearizable(Write(1, "a", 0, 10), Read(2, "a", 10, 20));
        AssertNotLinearizable(Write(1, "a", 0, 10), Read(2, null, 10, 20));
    }

    [Fact]
    public void A_read_of_a_value_overwritten_before_it_began_is_not_linearizable() => AssertNotLinearizable(
        Write(1, "a", 0, 1),
        Write(1, "b", 2, 3),
        Read(2, "a", 4, 5));

    [Fact]
    public void A_read_of_a_value_never_written_is_not_linearizable() => AssertNotLinearizable(
        Write(1, "a", 0, 1),
        Read(2, "ghost", 2, 3));

    [Fact]
    public void Two_reads_that_order_concurrent_writes_differently_are_not_linearizable() => AssertNotLinearizable(
        Write(1, "a", 0, 100),
        Write(2, "b", 0, 100),
        Read(3, "a", 10, 20),
        Read(3, "b", 30, 40),
        Read(4, "b", 10, 20),
        Read(4, "a", 30, 40));

    [Fact]
    public void A_cas_applied_when_its_expected_value_could_not_be_current_is_not_linearizable() => AssertNotLinearizable(
        Write(1, "a", 0, 1),
        Write(2, "b", 2, 3),
        Cas(3, "a", "c", true, 4, 5));

    [Fact]
    public void A_cas_refused_when_its_expected_value_was_certainly_current_is_not_linearizable() => AssertNotLinearizable(
        Write(1, "a", 0, 1),
        Cas(2, "a", "b", false, 2, 3));

    [Fact]
    public void A_lost_acknowledged_write_is_not_linearizable()
    {
        var result = AssertNotLinearizable(
            Write(1, "a", 0, 10),
            Write(2, "b", 12, 20),
            Read(3, "a", 25, 30));

        var key = Assert.Single(result.Keys);
        Assert.Equal(["a", "b"], key.LongestLinearizablePrefix.Select(o => o.Value));
        var stuck = Assert.Single(key.Unlinearizable);
        Assert.Equal(OperationKind.Read, stuck.Kind);
        Assert.Equal(
            "key k1: after write(a) @p1, write(b) @p2 (value b), no order explains read()→a @p3 [invoked 25.0 ms, completed 30.0 ms]",
            key.Explanation);
    }

    [Fact]
    public void A_bad_key_fails_only_itself()
    {
        var result = Check(
            Write(1, "a", 0, 1, key: "good"),
            Read(2, "a", 2, 3, key: "good"),
            Write(1, "x", 0, 1, key: "bad"),
            Write(1, "y", 2, 3, key: "bad"),
            Read(2, "x", 4, 5, key: "bad"),
            Read(3, null, 0, 1, key: "quiet"));

        Assert.Equal(LinearizabilityVerdict.NotLinearizable, result.Verdict);
        Assert.Equal(["bad", "good", "quiet"], result.Keys.Select(k => k.Key));
        Assert.Equal(LinearizabilityVerdict.NotLinearizable, result.ForKey("bad")!.Verdict);
        Assert.Equal(LinearizabilityVerdict.Linearizable, result.ForKey("good")!.Verdict);
        Assert.Equal(LinearizabilityVerdict.Linearizable, result.ForKey("quiet")!.Verdict);
        Assert.Contains("key bad:", result.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("key good:", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_search_that_runs_out_of_time_is_undecided_rather_than_failed()
    {
        // Sixteen mutually concurrent writes and an impossible read: refuting it means trying every subset.
        var history = Enumerable.Range(0, 16).Select(i => Write(i, $"v{i}", 0, 1000)).Append(Read(99, "ghost", 500, 600)).ToArray();

        var result = LinearizabilityChecker.Check(history, TimeSpan.Zero);

        Assert.Equal(LinearizabilityVerdict.Unknown, result.Verdict);
        Assert.Equal(LinearizabilityVerdict.Unknown, Assert.Single(result.Keys).Verdict);
    }

    [Fact]
    public void Verdicts_and_explanations_do_not_change_between_runs()
    {
        var history = SimulatedRegisterHistory.Generate(seed: 7, operations: 400, processes: 8, keys: 3);
        SimulatedRegisterHistory.CorruptOneRead(history, seed: 7);

        var first = LinearizabilityChecker.Check(history, Timeout);
        var shuffled = history.OrderBy(o => o.Process).ToList();
        var second = LinearizabilityChecker.Check(history, Timeout);

        Assert.Equal(first.ToString(), second.ToString());
        Assert.Equal(first.Keys.Select(k => k.Explanation), second.Keys.Select(k => k.Explanation));
        Assert.Equal(first.Verdict, LinearizabilityChecker.Check(shuffled, Timeout).Verdict);
    }

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 50)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Simulated_register_histories_pass_and_fail_once_a_read_is_corrupted(int seed)
    {
        var processes = 4 + (seed % 13);
        var history = SimulatedRegisterHistory.Generate(seed, operations: 300, processes, keys: 1 + (seed % 3));

        var honest = LinearizabilityChecker.Check(history, Timeout);
        Assert.True(honest.Verdict == LinearizabilityVerdict.Linearizable, honest.ToString());

        var corrupted = SimulatedRegisterHistory.CorruptOneRead(history, seed);
        var result = LinearizabilityChecker.Check(history, Timeout);

        Assert.Equal(LinearizabilityVerdict.NotLinearizable, result.Verdict);
        Assert.All(result.Keys, k => Assert.Equal(
            k.Key == history[corrupted].Key ? LinearizabilityVerdict.NotLinearizable : LinearizabilityVerdict.Linearizable,
            k.Verdict));
    }

    [Fact]
    public void The_checker_agrees_with_exhaustive_search_on_small_arbitrary_histories()
    {
        var verdicts = new int[2];
        for (var seed = 0; seed < 1500; seed++)
        {
            var history = ArbitrarySmallHistory(seed);
            var expected = ExhaustivelyLinearizable(history);
            var result = LinearizabilityChecker.Check(history, Timeout);
            Assert.True(
                result.Verdict == (expected ? LinearizabilityVerdict.Linearizable : LinearizabilityVerdict.NotLinearizable),
                $"seed {seed}: expected {(expected ? "linearizable" : "not")}, got {result}");
            verdicts[expected ? 1 : 0]++;
        }

        // Both verdicts must be well represented for the comparison to mean anything.
        Assert.All(verdicts, count => Assert.True(count > 200, $"{verdicts[0]} bad, {verdicts[1]} good"));
    }

    // Random operations with random answers, often not linearizable; values and answers drawn from a small pool
    // so that reads and CASes often agree with some order.
    private static List<Operation> ArbitrarySmallHistory(int seed)
    {
        var rng = new Random(seed);
        var history = new List<Operation>();
        var freeAt = new long[3];
        var count = rng.Next(3, 8);
        for (var i = 0; i < count; i++)
        {
            var p = rng.Next(3);
            var invoked = freeAt[p] + rng.Next(1, 4);
            var completed = invoked + rng.Next(1, 6);
            freeAt[p] = completed;
            var roll = rng.NextDouble();
            var outcome = roll < 0.2 ? Outcome.Unknown : roll < 0.25 ? Outcome.Failed : Outcome.Ok;
            var kind = (OperationKind)rng.Next(3);
            string? Pick() => rng.Next(4) == 0 ? null : $"v{rng.Next(count)}";
            history.Add(Op(p, K, kind, invoked, completed, outcome) with
            {
                // Now and then a delete or a repeated value, which the workload promises not to produce.
                Value = kind == OperationKind.Read ? null : rng.Next(10) switch { 0 => null, 1 => "v0", _ => $"v{i}" },
                Expected = kind == OperationKind.Cas ? Pick() : null,
                Observed = kind == OperationKind.Read ? Pick() : null,
                CasApplied = kind == OperationKind.Cas && rng.Next(2) == 0,
            });
        }

        return history;
    }

    // The definition, by brute force: some subset of the unanswered operations, together with every answered one,
    // has an order that respects real time and the register's semantics.
    private static bool ExhaustivelyLinearizable(List<Operation> history)
    {
        var answered = history.Where(o => o.Outcome == Outcome.Ok).ToList();
        var unanswered = history.Where(o => o.Outcome == Outcome.Unknown && o.Kind != OperationKind.Read).ToList();
        for (var mask = 0; mask < 1 << unanswered.Count; mask++)
        {
            var chosen = answered.Concat(unanswered.Where((_, i) => (mask & (1 << i)) != 0)).ToList();
            if (Permutations(chosen).Any(Legal))
            {
                return true;
            }
        }

        return false;

        static bool Legal(List<Operation> order)
        {
            for (var i = 0; i < order.Count; i++)
            {
                for (var j = i + 1; j < order.Count; j++)
                {
                    if (order[j].Outcome == Outcome.Ok && order[j].CompletedAt <= order[i].InvokedAt)
                    {
                        return false;
                    }
                }
            }

            string? value = null;
            foreach (var op in order)
            {
                var matches = string.Equals(value, op.Kind == OperationKind.Read ? op.Observed : op.Expected, StringComparison.Ordinal);
                switch (op.Kind)
                {
                    case OperationKind.Read when !matches:
                    case OperationKind.Cas when op.Outcome == Outcome.Ok && matches != op.CasApplied:
                        return false;
                    case OperationKind.Write:
                    case OperationKind.Cas when matches:
                        value = op.Value;
                        break;
                }
            }

            return true;
        }
    }

    private static IEnumerable<List<Operation>> Permutations(List<Operation> items)
    {
        if (items.Count == 0)
        {
            yield return [];
            yield break;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var rest = items.Where((_, j) => j != i).ToList();
            foreach (var tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }

    [Fact]
    public void A_large_linearizable_history_is_decided()
    {
        var history = SimulatedRegisterHistory.Generate(seed: 20_000, operations: 20_000, processes: 8, keys: 6);

        var clock = Stopwatch.StartNew();
        var result = LinearizabilityChecker.Check(history, Timeout);
        output.WriteLine($"20,000 operations, 8 processes, 6 keys: {result.Verdict} in {clock.Elapsed.TotalMilliseconds:0} ms, {result.Keys.Sum(k => k.ConfigurationsVisited)} configurations");

        Assert.True(result.Verdict == LinearizabilityVerdict.Linearizable, result.ToString());
    }
}
