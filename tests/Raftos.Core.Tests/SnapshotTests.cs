using MessagePack;
using Raftos.Core.Commands;
using Raftos.Core.State;

namespace Raftos.Core.Tests;

/// <summary>
/// A snapshot is the whole state in a canonical order: restoring it gives a state that
/// behaves exactly like the original, and the same state always encodes to the same bytes.
/// </summary>
public sealed class SnapshotTests
{
    private static Replica ReplicaWithEverything(int rememberedRequestsMax = Limits.RememberedRequestsMax)
    {
        var replica = new Replica(rememberedRequestsMax);
        replica.ApplyBatch(Cmd.Put("b", "1"), Cmd.Put("a", "2"), Cmd.Put("ключ", "3"), Cmd.Register(2), Cmd.Register(1));
        replica.ApplyBatch(Cmd.Put("a", "4"), Cmd.Delete("b"), Cmd.Put("c", "5", cas: 9), Cmd.Remove("m7"), Cmd.Put(string.Empty, "x"));
        return replica;
    }

    [Fact]
    public void An_empty_state_snapshots_at_the_current_format_and_restores_to_an_empty_state()
    {
        var empty = new ClusterState();
        var bytes = Snapshots.Bytes(empty);

        var decoded = RaftosSerializer.DecodeSnapshot(bytes);
        var restored = ClusterState.FromSnapshot(decoded);

        Assert.Equal(ClusterSnapshot.CurrentFormat, decoded.Format);
        Assert.Equal(0, restored.AppliedIndex);
        Assert.Equal(0, restored.KeyValues.Count);
        Assert.Equal(bytes, Snapshots.Bytes(restored));
    }

    [Fact]
    public void A_restored_state_holds_the_same_keys_masters_requests_and_indexes()
    {
        var original = ReplicaWithEverything().State;

        var restored = Snapshots.Restore(Snapshots.Bytes(original));

        Assert.Equal(original.AppliedIndex, restored.AppliedIndex);
        Assert.Equal(original.KeyValues.Revision, restored.KeyValues.Revision);
        var originalKeys = original.KeyValues.List(string.Empty, int.MaxValue);
        var restoredKeys = restored.KeyValues.List(string.Empty, int.MaxValue);
        Assert.Equal(originalKeys.Select(e => (e.Key, e.CreateRevision, e.ModRevision, e.Version)), restoredKeys.Select(e => (e.Key, e.CreateRevision, e.ModRevision, e.Version)));
        Assert.Equal(originalKeys.Select(e => e.Value), restoredKeys.Select(e => e.Value));
        Assert.Equal(original.Masters.All, restored.Masters.All);
        Assert.Equal(original.Requests.Count, restored.Requests.Count);
        Assert.Equal(original.ToSnapshot().Requests, restored.ToSnapshot().Requests);
    }

    [Fact]
    public void Encoding_the_same_state_twice_gives_the_same_bytes()
    {
        var state = ReplicaWithEverything().State;

        Assert.Equal(Snapshots.Bytes(state), Snapshots.Bytes(state));
    }

    [Fact]
    public void Restoring_and_re_encoding_a_snapshot_gives_the_same_bytes()
    {
        var bytes = ReplicaWithEverything().SnapshotBytes();

        Assert.Equal(bytes, Snapshots.Bytes(Snapshots.Restore(bytes)));
    }

    [Fact]
    public void A_snapshot_lists_keys_and_masters_in_ordinal_order_and_requests_oldest_first_whatever_order_they_were_given_in()
    {
        var canonical = ReplicaWithEverything().State.ToSnapshot();
        var shuffled = canonical with
        {
            KeyValues = [.. canonical.KeyValues.Reverse()],
            Masters = [.. canonical.Masters.Reverse()],
        };

        var restored = ClusterState.FromSnapshot(shuffled).ToSnapshot();

        Assert.Equal(canonical.KeyValues.Select(e => e.Key).Order(StringComparer.Ordinal), restored.KeyValues.Select(e => e.Key));
        Assert.Equal(canonical.Masters.Select(m => m.Id).Order(StringComparer.Ordinal), restored.Masters.Select(m => m.Id));
        Assert.Equal(RaftosSerializer.Encode(canonical), RaftosSerializer.Encode(restored));
    }

    [Fact]
    public void Two_replicas_that_reach_the_same_state_by_different_batching_encode_identical_snapshots()
    {
        Command[] commands = [Cmd.Put("z", "1"), Cmd.Put("a", "2"), Cmd.Register(3), Cmd.Put("z", "3", cas: 1), Cmd.Delete("a")];
        var oneBatch = new ClusterState();
        var oneByOne = new ClusterState();

        oneBatch.Apply(new CommandBatch(commands), 5);
        for (var i = 0; i < commands.Length; i++)
            oneByOne.Apply(new CommandBatch([commands[i]]), i + 1);

        // Master records and remembered results carry the index they were written at, which
        // differs by construction; the key-value data must not.
        Assert.Equal(
            RaftosSerializer.Encode(oneBatch.ToSnapshot() with { Masters = [], Requests = [] }),
            RaftosSerializer.Encode(oneByOne.ToSnapshot() with { Masters = [], Requests = [] }));
    }

    [Fact]
    public void A_restored_replica_remembers_only_the_newest_requests_when_the_snapshot_holds_more_than_it_may()
    {
        var replica = new Replica();
        var ids = Enumerable.Range(0, 10).Select(i => $"r{i}").ToArray();
        foreach (var id in ids)
            replica.Apply(Cmd.Put("k", id, id: id));

        var restored = Snapshots.Restore(replica.SnapshotBytes(), rememberedRequestsMax: 4);

        Assert.Equal(4, restored.Requests.Count);
        Assert.Equal(ids[^4..], restored.ToSnapshot().Requests.Select(r => r.RequestId));
        Assert.Null(restored.Requests.Find("r5"));
    }

    [Fact]
    public void A_snapshot_of_a_newer_format_is_refused()
    {
        var newer = ReplicaWithEverything().State.ToSnapshot() with { Format = ClusterSnapshot.CurrentFormat + 1 };

        Assert.Throws<NotSupportedException>(() => ClusterState.FromSnapshot(RaftosSerializer.DecodeSnapshot(RaftosSerializer.Encode(newer))));
    }

    [Fact]
    public void A_snapshot_holding_a_key_twice_is_an_invariant_violation()
    {
        var snapshot = ReplicaWithEverything().State.ToSnapshot();

        Assert.Throws<InvariantViolationException>(() => ClusterState.FromSnapshot(snapshot with { KeyValues = [.. snapshot.KeyValues, snapshot.KeyValues[0]] }));
    }

    [Fact]
    public void A_snapshot_holding_a_key_newer_than_the_store_revision_is_an_invariant_violation()
    {
        var snapshot = ReplicaWithEverything().State.ToSnapshot();

        Assert.Throws<InvariantViolationException>(() => ClusterState.FromSnapshot(snapshot with { KeyValueRevision = snapshot.KeyValues.Max(e => e.ModRevision) - 1 }));
    }

    [Fact]
    public void A_snapshot_holding_a_master_or_a_request_id_twice_is_an_invariant_violation()
    {
        var snapshot = ReplicaWithEverything().State.ToSnapshot();

        Assert.Throws<InvariantViolationException>(() => ClusterState.FromSnapshot(snapshot with { Masters = [.. snapshot.Masters, snapshot.Masters[0]] }));
        Assert.Throws<InvariantViolationException>(() => ClusterState.FromSnapshot(snapshot with { Requests = [.. snapshot.Requests, snapshot.Requests[0]] }));
    }

    [Fact]
    public void Results_are_encoded_without_the_duplicate_flag_so_a_restored_answer_is_the_first_answer()
    {
        var duplicate = CommandResult.Ok(3, 7) with { IsDuplicate = true };

        var decoded = MessagePackSerializer.Deserialize<CommandResult>(MessagePackSerializer.Serialize(duplicate, RaftosSerializer.Trusted), RaftosSerializer.Trusted);

        Assert.Equal(CommandResult.Ok(3, 7), decoded);
    }

    /// <summary>
    /// Fails today: KeyRules accepts keys with unpaired UTF-16 surrogates, which UTF-8 (and so
    /// MessagePack) cannot carry; the encoder replaces them with U+FFFD, so "x\uD800" and
    /// "x\uDC00" become the same key in the snapshot and the restore throws.
    /// </summary>
    [Fact]
    public void Every_key_the_core_accepts_survives_a_snapshot_round_trip()
    {
        var replica = new Replica();
        replica.ApplyBatch(Cmd.Put("x\uD800", "1"), Cmd.Put("x\uDC00", "2"), Cmd.Put("x\uE000", "3"), Cmd.Put("x\uD83D\uDE00", "4"));
        var bytes = replica.SnapshotBytes();

        var restored = Snapshots.Restore(bytes);

        Assert.Equal(
            replica.State.KeyValues.List(string.Empty, int.MaxValue).Select(e => e.Key),
            restored.KeyValues.List(string.Empty, int.MaxValue).Select(e => e.Key));
        Assert.Equal(bytes, Snapshots.Bytes(restored));
    }
}
