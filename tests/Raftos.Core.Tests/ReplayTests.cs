using Raftos.Core.Commands;
using Raftos.Core.State;

namespace Raftos.Core.Tests;

/// <summary>
/// State machine replication rests on one property: the same log gives the same state and the
/// same answers on every replica, whether it is applied from memory, from encoded entries or
/// from a snapshot plus the rest of the log.
/// </summary>
public sealed class ReplayTests
{
    private const int Entries = 150;

    // Small, so that request ids are evicted and forgotten retries apply again during the run.
    private const int RememberedRequests = 64;

    /// <summary>The seeds every replay property is checked with; a failure message names its seed.</summary>
    public static TheoryData<int> Seeds => [1, 42, 2024, 31337, 987654321];

    private static IReadOnlyList<LogEntry> Log(int seed) => new CommandLogGenerator(seed).Generate(Entries);

    private static List<IReadOnlyList<CommandResult>> Replay(ClusterState state, IEnumerable<LogEntry> log)
        => [.. log.Select(entry => state.Apply(entry.Batch, entry.Index))];

    private static void AssertSameResults(List<IReadOnlyList<CommandResult>> expected, List<IReadOnlyList<CommandResult>> actual, IReadOnlyList<LogEntry> log, string context)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var e = 0; e < expected.Count; e++)
            Same.Results(expected[e], actual[e], $"{context}, entry at index {log[e].Index}");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Replaying_the_same_log_gives_byte_identical_snapshots_and_equal_results(int seed)
    {
        var log = Log(seed);
        var first = new ClusterState(RememberedRequests);
        var second = new ClusterState(RememberedRequests);

        var firstResults = Replay(first, log);
        var secondResults = Replay(second, log);

        AssertSameResults(firstResults, secondResults, log, $"seed {seed}");
        Same.Bytes(Snapshots.Bytes(first), Snapshots.Bytes(second), $"seed {seed}");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_log_generated_twice_from_the_same_seed_encodes_to_the_same_bytes(int seed)
    {
        var once = Log(seed).Select(e => RaftosSerializer.Encode(e.Batch)).ToList();
        var twice = Log(seed).Select(e => RaftosSerializer.Encode(e.Batch)).ToList();

        Assert.Equal(once.Count, twice.Count);
        for (var i = 0; i < once.Count; i++)
            Same.Bytes(once[i], twice[i], $"seed {seed}, entry {i} (the generator must be deterministic)");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Replaying_the_encoded_log_gives_the_same_state_and_results_as_the_original(int seed)
    {
        var log = Log(seed);
        var decoded = log.Select(e => e with { Batch = Snapshots.RoundTrip(e.Batch) }).ToList();
        for (var i = 0; i < log.Count; i++)
            Same.Bytes(RaftosSerializer.Encode(log[i].Batch), RaftosSerializer.Encode(decoded[i].Batch), $"seed {seed}, entry at index {log[i].Index} re-encoded");

        var original = new ClusterState(RememberedRequests);
        var fromBytes = new ClusterState(RememberedRequests);
        var originalResults = Replay(original, log);
        var fromBytesResults = Replay(fromBytes, decoded);

        AssertSameResults(originalResults, fromBytesResults, log, $"seed {seed}, decoded log");
        Same.Bytes(Snapshots.Bytes(original), Snapshots.Bytes(fromBytes), $"seed {seed}, decoded log");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Restoring_a_snapshot_midway_and_applying_the_rest_matches_the_uninterrupted_replica(int seed)
    {
        var log = Log(seed);
        var midway = log.Count / 2;
        var uninterrupted = new ClusterState(RememberedRequests);
        var uninterruptedResults = Replay(uninterrupted, log);

        var before = new ClusterState(RememberedRequests);
        Replay(before, log.Take(midway));
        var restored = Snapshots.Restore(Snapshots.Bytes(before), RememberedRequests);
        Assert.Equal(log[midway - 1].Index, restored.AppliedIndex);
        var restoredResults = Replay(restored, log.Skip(midway));

        AssertSameResults(uninterruptedResults.Skip(midway).ToList(), restoredResults, log.Skip(midway).ToList(), $"seed {seed}, restored at entry {midway}");
        Same.Bytes(Snapshots.Bytes(uninterrupted), Snapshots.Bytes(restored), $"seed {seed}, restored at entry {midway}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(2024)]
    public void A_replica_restored_from_its_own_snapshot_after_every_entry_stays_byte_identical(int seed)
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

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_generated_log_exercises_every_outcome(int seed)
    {
        var log = Log(seed);
        var results = Replay(new ClusterState(RememberedRequests), log).SelectMany(r => r).ToList();

        Assert.True(results.Count(r => r.Applied && !r.IsDuplicate) > 100, $"seed {seed}: too few applied commands");
        Assert.True(results.Any(r => r.IsDuplicate), $"seed {seed}: no duplicate request");
        foreach (var code in Enum.GetValues<RejectionCode>())
            Assert.True(results.Any(r => r.Rejection?.Code == code), $"seed {seed}: no {code} rejection");
        Assert.True(results.Any(r => r.Rejection?.Field == "requestId"), $"seed {seed}: no invalid request id");
        Assert.True(results.Any(r => r.Rejection?.Field == "cas"), $"seed {seed}: no negative compare-and-set");
    }
}
