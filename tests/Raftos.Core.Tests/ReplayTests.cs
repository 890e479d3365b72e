using Raftos.Core.Commands;
using Raftos.Core.State;

namespace Raftos.Core.Tests;

/// <summary>
/// State machine replication rests on one property: the same log gives the same state and the
/// same answers on every replica, whether it is applied from memory, from encoded entries or
/// from a snapshot plus the rest of the log.
/// </summary>
public sealed class ReplayTests : LogReplayProperties
{
    private const int Entries = 150;

    /// <summary>The seeds every replay property is checked with; a failure message names its seed.</summary>
    public static TheoryData<int> Seeds => [1, 42, 2024, 31337, 987654321];

    private protected override IReadOnlyList<LogEntry> Log(int seed) => new CommandLogGenerator(seed).Generate(Entries);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Restoring_a_snapshot_midway_and_applying_the_rest_matches_the_uninterrupted_replica(int seed)
    {
        var log = Log(seed);

        AssertRestoringMidwayMatchesTheStraightReplay(log, [log.Count / 2], seed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(2024)]
    public void A_replica_restored_from_its_own_snapshot_after_every_entry_stays_byte_identical(int seed)
        => AssertRestoringAfterEveryEntryStaysByteIdentical(seed);

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
