using Raftos.Core.Commands;

namespace Raftos.Core.Tests;

/// <summary>The registry says who the masters are: one record per id, one id per Raft endpoint, at most <see cref="Limits.MastersMax"/>.</summary>
public sealed class MasterRegistryTests
{
    [Fact]
    public void Registering_a_master_records_its_addresses_at_the_entry_index()
    {
        var replica = new Replica();
        replica.Apply(Cmd.Put("k", "v"));

        var result = replica.Apply(Cmd.Register("m1", "10.0.0.1:7000", "http://10.0.0.1:8080"));

        var record = replica.State.Masters.Get("m1")!;
        Assert.True(result.Applied);
        Assert.Equal(2, result.Index);
        Assert.Equal("10.0.0.1:7000", record.RaftEndpoint);
        Assert.Equal("http://10.0.0.1:8080", record.HttpUrl);
        Assert.Equal(2, record.UpdatedIndex);
        Assert.Equal(record, replica.State.Masters.FindByRaftEndpoint("10.0.0.1:7000"));
    }

    [Fact]
    public void Re_registering_with_the_same_fields_is_a_no_op_that_keeps_UpdatedIndex()
    {
        var replica = new Replica();
        replica.Apply(Cmd.Register(1));
        var before = replica.State.Masters.Get("m1");
        var data = Snapshots.DataBytes(replica.State);

        var result = replica.Apply(Cmd.Register(1));

        Assert.True(result.Applied);
        Assert.Same(before, replica.State.Masters.Get("m1"));
        Assert.Equal(1, replica.State.Masters.Get("m1")!.UpdatedIndex);
        Assert.Equal(data, Snapshots.DataBytes(replica.State));
    }

    [Fact]
    public void Re_registering_with_a_new_http_url_updates_the_record_and_UpdatedIndex()
    {
        var replica = new Replica();
        replica.Apply(Cmd.Register(1));

        replica.Apply(Cmd.Register("m1", "10.0.0.1:7000", "https://m1.example"));

        var record = replica.State.Masters.Get("m1")!;
        Assert.Equal("https://m1.example", record.HttpUrl);
        Assert.Equal(2, record.UpdatedIndex);
    }

    [Fact]
    public void Re_registering_with_a_new_raft_endpoint_moves_the_master()
    {
        var replica = new Replica();
        replica.Apply(Cmd.Register(1));

        replica.Apply(Cmd.Register("m1", "10.0.0.9:7000", "http://10.0.0.1:8080"));

        Assert.Null(replica.State.Masters.FindByRaftEndpoint("10.0.0.1:7000"));
        Assert.Equal("m1", replica.State.Masters.FindByRaftEndpoint("10.0.0.9:7000")!.Id);
    }

    [Theory]
    [InlineData("10.0.0.1:7000")]
    [InlineData("LOCALHOST:7000")]
    public void A_different_id_on_a_registered_raft_endpoint_is_a_conflict(string endpoint)
    {
        var replica = new Replica();
        replica.Apply(Cmd.Register("m1", "10.0.0.1:7000", "http://10.0.0.1:8080"));
        replica.Apply(Cmd.Register("m3", "localhost:7000", "http://localhost:8080"));
        var data = Snapshots.DataBytes(replica.State);

        var result = replica.Apply(Cmd.Register("m2", endpoint, "http://10.0.0.2:8080"));

        Assert.Equal(RejectionCode.Conflict, result.Rejection!.Code);
        Assert.Null(replica.State.Masters.Get("m2"));
        Assert.Equal(data, Snapshots.DataBytes(replica.State));
    }

    [Fact]
    public void Registering_more_than_MastersMax_masters_is_a_conflict()
    {
        var replica = new Replica();
        for (var n = 1; n <= Limits.MastersMax; n++)
            Assert.True(replica.Apply(Cmd.Register(n)).Applied);
        var data = Snapshots.DataBytes(replica.State);

        var result = replica.Apply(Cmd.Register(Limits.MastersMax + 1));

        Assert.Equal(RejectionCode.Conflict, result.Rejection!.Code);
        Assert.Equal(Limits.MastersMax, replica.State.Masters.All.Count);
        Assert.Equal(data, Snapshots.DataBytes(replica.State));
    }

    [Fact]
    public void A_full_registry_still_accepts_updates_of_registered_masters_and_a_new_one_after_a_removal()
    {
        var replica = new Replica();
        for (var n = 1; n <= Limits.MastersMax; n++)
            replica.Apply(Cmd.Register(n));

        Assert.True(replica.Apply(Cmd.Register("m1", "10.0.0.1:7000", "http://10.0.0.1:9090")).Applied);
        Assert.True(replica.Apply(Cmd.Remove("m2")).Applied);
        Assert.True(replica.Apply(Cmd.Register(Limits.MastersMax + 1)).Applied);
        Assert.Equal(Limits.MastersMax, replica.State.Masters.All.Count);
    }

    [Fact]
    public void Removing_a_master_forgets_it_and_frees_its_raft_endpoint()
    {
        var replica = new Replica();
        replica.Apply(Cmd.Register(1));

        Assert.True(replica.Apply(Cmd.Remove("m1")).Applied);

        Assert.Null(replica.State.Masters.Get("m1"));
        Assert.Empty(replica.State.Masters.All);
        Assert.True(replica.Apply(Cmd.Register("m2", "10.0.0.1:7000", "http://10.0.0.1:8080")).Applied);
    }

    [Fact]
    public void Removing_a_missing_master_is_not_found()
    {
        var replica = new Replica();
        replica.Apply(Cmd.Register(1));
        var data = Snapshots.DataBytes(replica.State);

        var result = replica.Apply(Cmd.Remove("m2"));

        Assert.Equal(RejectionCode.NotFound, result.Rejection!.Code);
        Assert.Equal(data, Snapshots.DataBytes(replica.State));
    }

    [Fact]
    public void Masters_are_listed_in_ordinal_id_order()
    {
        var replica = new Replica();
        replica.ApplyBatch(
            Cmd.Register("m2", "h2:1", "http://h2"),
            Cmd.Register("m10", "h10:1", "http://h10"),
            Cmd.Register("a", "ha:1", "http://ha"),
            Cmd.Register("m1", "h1:1", "http://h1"));

        Assert.Equal(["a", "m1", "m10", "m2"], replica.State.Masters.All.Select(m => m.Id));
    }

    [Fact]
    public void Master_commands_leave_the_key_value_revision_alone()
    {
        var replica = new Replica();

        var results = replica.ApplyBatch(Cmd.Register(1), Cmd.Register(2), Cmd.Remove("m1"));

        Assert.All(results, r => Assert.Equal(0, r.Revision));
        Assert.Equal(0, replica.State.KeyValues.Revision);
    }
}
