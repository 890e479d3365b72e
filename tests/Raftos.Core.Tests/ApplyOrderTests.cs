using Raftos.Core.Commands;
using Raftos.Core.State;

namespace Raftos.Core.Tests;

/// <summary>Log entries are applied in strictly increasing index order; anything else is a bug and fails loudly.</summary>
public sealed class ApplyOrderTests
{
    private static CommandBatch Batch(params Command[] commands) => new(commands);

    [Theory]
    [InlineData(5)]
    [InlineData(4)]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-1)]
    public void Applying_an_entry_at_a_non_increasing_index_throws_an_invariant_violation_and_changes_nothing(long index)
    {
        var state = new ClusterState();
        state.Apply(Batch(Cmd.Put("k", "v")), 5);
        var before = Snapshots.Bytes(state);

        Assert.Throws<InvariantViolationException>(() => state.Apply(Batch(Cmd.Put("k", "v2")), index));

        Assert.Equal(5, state.AppliedIndex);
        Assert.Equal(before, Snapshots.Bytes(state));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-7)]
    public void The_first_entry_of_a_fresh_state_must_be_at_a_positive_index(long index)
    {
        var state = new ClusterState();

        Assert.Throws<InvariantViolationException>(() => state.Apply(Batch(Cmd.Put("k", "v")), index));
        Assert.Throws<InvariantViolationException>(() => state.Advance(index));
        Assert.Equal(0, state.AppliedIndex);
    }

    [Fact]
    public void Advancing_past_an_entry_without_commands_at_a_non_increasing_index_throws_an_invariant_violation()
    {
        var state = new ClusterState();
        state.Advance(3);

        Assert.Throws<InvariantViolationException>(() => state.Advance(3));
        Assert.Throws<InvariantViolationException>(() => state.Advance(2));
        Assert.Equal(3, state.AppliedIndex);
    }

    [Fact]
    public void A_restored_state_refuses_the_entry_it_was_snapshotted_at_and_accepts_the_next()
    {
        var replica = new Replica();
        replica.Apply(Cmd.Put("k", "v"));
        replica.Apply(Cmd.Put("k", "v2"));
        var restored = Snapshots.Restore(replica.SnapshotBytes());

        Assert.Throws<InvariantViolationException>(() => restored.Apply(Batch(Cmd.Put("k", "v3")), replica.LastIndex));
        Assert.True(restored.Apply(Batch(Cmd.Put("k", "v3")), replica.LastIndex + 1)[0].Applied);
    }

    [Fact]
    public void Indexes_may_skip_entries_without_commands_and_results_carry_their_entry_index()
    {
        var state = new ClusterState();

        var first = state.Apply(Batch(Cmd.Put("a", "1"), Cmd.Put("b", "2")), 3);
        state.Advance(4);
        var second = state.Apply(Batch(Cmd.Put("c", "3")), 10);

        Assert.All(first, r => Assert.Equal(3, r.Index));
        Assert.Equal(10, Assert.Single(second).Index);
        Assert.Equal(10, state.AppliedIndex);
    }

    [Fact]
    public void An_empty_batch_advances_the_applied_index_and_returns_no_results()
    {
        var state = new ClusterState();

        Assert.Empty(state.Apply(Batch(), 1));
        Assert.Equal(1, state.AppliedIndex);
    }

    [Fact]
    public void A_null_batch_is_refused_without_advancing()
    {
        var state = new ClusterState();

        Assert.Throws<ArgumentNullException>(() => state.Apply(null!, 1));
        Assert.Equal(0, state.AppliedIndex);
    }

    [Fact]
    public void A_request_log_without_room_is_an_invariant_violation()
    {
        Assert.Throws<InvariantViolationException>(() => new ClusterState(rememberedRequestsMax: 0));
    }
}
