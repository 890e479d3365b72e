using Raftos.Core.Commands;
using Raftos.Core.State;

namespace Raftos.Core.Tests;

/// <summary>
/// The replication properties every seeded log must have, whatever its commands: replayed
/// twice it gives byte-identical state and equal answers, the same seed always generates it
/// the same, and its encoded entries replay to the same state and answers as the original.
/// </summary>
/// <remarks>
/// xunit runs the theories declared here once for every derived class, which supplies the
/// <see cref="Log"/> and declares the <c>Seeds</c> they are checked with (a failure message
/// names its seed).
/// </remarks>
public abstract class LogReplayProperties
{
    // Small, so that request ids are evicted and forgotten retries apply again during the run.
    private protected const int RememberedRequests = 64;

    /// <summary>The log generated from <paramref name="seed"/>.</summary>
    private protected abstract IReadOnlyList<LogEntry> Log(int seed);

    /// <summary>
    /// The state the generator reached applying the log as it made it, when it keeps one that
    /// remembers <see cref="RememberedRequests"/> requests: the decoded log must replay to it too.
    /// </summary>
    private protected virtual ClusterState? GeneratedState(int seed) => null;

    private protected static List<IReadOnlyList<CommandResult>> Replay(ClusterState state, IEnumerable<LogEntry> log)
        => [.. log.Select(entry => state.Apply(entry.Batch, entry.Index))];

#pragma warning disable xUnit1015 // Seeds is declared by each derived class, where xunit looks for it (xunit/xunit#3501).
    [Theory]
    [MemberData("Seeds")]
    public void Replaying_the_same_log_twice_gives_byte_identical_snapshots_and_equal_results(int seed)
    {
        var log = Log(seed);

        AssertSameReplay(log, log, $"seed {seed}");
    }

    [Theory]
    [MemberData("Seeds")]
    public void A_log_generated_twice_from_the_same_seed_encodes_to_the_same_bytes(int seed)
    {
        var once = Log(seed).Select(e => RaftosSerializer.Encode(e.Batch)).ToList();
        var twice = Log(seed).Select(e => RaftosSerializer.Encode(e.Batch)).ToList();

        Assert.Equal(once.Count, twice.Count);
        for (var i = 0; i < once.Count; i++)
            Same.Bytes(once[i], twice[i], $"seed {seed}, entry {i} (the generator must be deterministic)");
    }

    [Theory]
    [MemberData("Seeds")]
    public void Replaying_the_encoded_log_gives_the_same_state_and_results_as_the_original(int seed)
    {
        var log = Log(seed);
        var decoded = log.Select(e => e with { Batch = Snapshots.RoundTrip(e.Batch) }).ToList();
        for (var i = 0; i < log.Count; i++)
            Same.Bytes(RaftosSerializer.Encode(log[i].Batch), RaftosSerializer.Encode(decoded[i].Batch), $"seed {seed}, entry at index {log[i].Index} re-encoded");

        var fromBytes = AssertSameReplay(log, decoded, $"seed {seed}, decoded log");
        if (GeneratedState(seed) is { } generated)
            Same.Bytes(Snapshots.Bytes(generated), Snapshots.Bytes(fromBytes), $"seed {seed}, decoded log against the generator's state");
    }
#pragma warning restore xUnit1015

    /// <summary>
    /// For every midway point, restores a replica from a snapshot of the entries before it and
    /// applies the rest of the log: it answers like the straight replay and ends with the same bytes.
    /// </summary>
    private protected static void AssertRestoringMidwayMatchesTheStraightReplay(IReadOnlyList<LogEntry> log, IEnumerable<int> midways, int seed)
    {
        var straight = new ClusterState(RememberedRequests);
        var straightResults = Replay(straight, log);

        foreach (var midway in midways)
        {
            var before = new ClusterState(RememberedRequests);
            Replay(before, log.Take(midway));
            var restored = Snapshots.Restore(Snapshots.Bytes(before), RememberedRequests);
            Assert.Equal(log[midway - 1].Index, restored.AppliedIndex);
            var restoredResults = Replay(restored, log.Skip(midway));

            AssertSameResults(straightResults.Skip(midway).ToList(), restoredResults, log.Skip(midway).ToList(), $"seed {seed}, restored at entry {midway}");
            Same.Bytes(Snapshots.Bytes(straight), Snapshots.Bytes(restored), $"seed {seed}, restored at entry {midway}");
        }
    }

    /// <summary>
    /// Applies the log to a replica that is restored from its own snapshot after every entry,
    /// and to one that is never interrupted: they answer alike and their snapshots are the same bytes.
    /// </summary>
    private protected void AssertRestoringAfterEveryEntryStaysByteIdentical(int seed)
    {
        var log = Log(seed);
        var uninterrupted = new ClusterState(RememberedRequests);
        var restarting = new ClusterState(RememberedRequests);

        foreach (var entry in log)
        {
            var expected = uninterrupted.Apply(entry.Batch, entry.Index);
            var actual = restarting.Apply(entry.Batch, entry.Index);
            Same.Results(expected, actual, $"seed {seed}, entry at index {entry.Index}");

            var bytes = Snapshots.Bytes(restarting);
            restarting = Snapshots.Restore(bytes, RememberedRequests);
            Same.Bytes(Snapshots.Bytes(uninterrupted), bytes, $"seed {seed}, after index {entry.Index}");
            Same.Bytes(bytes, Snapshots.Bytes(restarting), $"seed {seed}, re-encoding the restored state at index {entry.Index}");
        }
    }

    /// <summary>
    /// Replays <paramref name="log"/> and <paramref name="other"/> on fresh replicas: every
    /// answer and the final snapshots must be the same. Returns the state <paramref name="other"/> replayed to.
    /// </summary>
    private static ClusterState AssertSameReplay(IReadOnlyList<LogEntry> log, IReadOnlyList<LogEntry> other, string context)
    {
        var first = new ClusterState(RememberedRequests);
        var second = new ClusterState(RememberedRequests);

        var firstResults = Replay(first, log);
        var secondResults = Replay(second, other);

        AssertSameResults(firstResults, secondResults, log, context);
        Same.Bytes(Snapshots.Bytes(first), Snapshots.Bytes(second), context);
        return second;
    }

    private static void AssertSameResults(List<IReadOnlyList<CommandResult>> expected, List<IReadOnlyList<CommandResult>> actual, IReadOnlyList<LogEntry> log, string context)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var e = 0; e < expected.Count; e++)
            Same.Results(expected[e], actual[e], $"{context}, entry at index {log[e].Index}");
    }
}
