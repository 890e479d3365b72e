using Raftos.Core.Commands;

namespace Raftos.Core.Tests;

/// <summary>A retried request (same request id) is applied once and answered with the first answer.</summary>
public sealed class RequestDeduplicationTests
{
    [Fact]
    public void A_request_repeated_in_the_same_batch_applies_once_and_the_repeat_gets_the_first_answer()
    {
        var replica = new Replica();
        var put = Cmd.Put("k", "v");

        var results = replica.ApplyBatch(put, put);

        Assert.True(results[0].Applied);
        Assert.False(results[0].IsDuplicate);
        Assert.Equal(results[0] with { IsDuplicate = true }, results[1]);
        Assert.Equal(1, replica.State.KeyValues.Revision);
        Assert.Equal(1, replica.State.KeyValues.Get("k")!.Version);
    }

    [Fact]
    public void A_request_repeated_in_later_batches_applies_once_and_every_repeat_gets_the_first_answer()
    {
        var replica = new Replica();
        var put = Cmd.Put("k", "v");
        var first = replica.Apply(put);
        var data = Snapshots.DataBytes(replica.State);

        var second = replica.Apply(put);
        var third = replica.Apply(put);

        Assert.Equal(first with { IsDuplicate = true }, second);
        Assert.Equal(first with { IsDuplicate = true }, third);
        Assert.Equal(1, second.Index);
        Assert.Equal(1, replica.State.KeyValues.Revision);
        Assert.Equal(1, replica.State.KeyValues.Get("k")!.ModRevision);
        Assert.Equal(data, Snapshots.DataBytes(replica.State));
        Assert.Equal(1, replica.State.Requests.Count);
    }

    [Fact]
    public void A_different_command_reusing_a_request_id_gets_the_first_answer_and_changes_nothing()
    {
        var replica = new Replica();
        var first = replica.Apply(Cmd.Put("k", "v", id: "shared"));

        var delete = replica.Apply(Cmd.Delete("k", id: "shared"));
        var other = replica.Apply(Cmd.Put("other", "v", id: "shared"));
        var register = replica.Apply(Cmd.Register(1, id: "shared"));

        Assert.All([delete, other, register], r => Assert.Equal(first with { IsDuplicate = true }, r));
        Assert.NotNull(replica.State.KeyValues.Get("k"));
        Assert.Null(replica.State.KeyValues.Get("other"));
        Assert.Empty(replica.State.Masters.All);
        Assert.Equal(1, replica.State.KeyValues.Revision);
    }

    [Fact]
    public void A_rejected_request_is_remembered_too_and_its_retry_gets_the_same_rejection()
    {
        var replica = new Replica();
        var rejected = replica.Apply(Cmd.Put("k", "v", cas: 5, id: "cas"));
        replica.Apply(Cmd.Put("k", "v"));

        var retry = replica.Apply(Cmd.Put("k", "v", cas: 5, id: "cas"));

        Assert.Equal(RejectionCode.RevisionMismatch, rejected.Rejection!.Code);
        Assert.Equal(rejected with { IsDuplicate = true }, retry);
    }

    [Fact]
    public void A_request_id_is_remembered_for_rememberedRequestsMax_minus_one_later_requests()
    {
        const int capacity = 8;
        var replica = new Replica(capacity);
        var first = replica.Apply(Cmd.Put("k", "v", id: "retried"));
        for (var i = 0; i < capacity - 1; i++)
            replica.Apply(Cmd.Put($"other/{i}", "v"));

        var retry = replica.Apply(Cmd.Put("k", "v", id: "retried"));

        Assert.Equal(first with { IsDuplicate = true }, retry);
        Assert.Equal(capacity, replica.State.Requests.Count);
        Assert.Equal(1, replica.State.KeyValues.Get("k")!.Version);
    }

    [Fact]
    public void A_request_id_is_forgotten_after_rememberedRequestsMax_later_requests_and_then_applies_again()
    {
        const int capacity = 8;
        var replica = new Replica(capacity);
        var first = replica.Apply(Cmd.Put("k", "v", id: "retried"));
        for (var i = 0; i < capacity; i++)
            replica.Apply(Cmd.Put($"other/{i}", "v"));

        Assert.Null(replica.State.Requests.Find("retried"));
        var retry = replica.Apply(Cmd.Put("k", "v", id: "retried"));

        Assert.True(retry.Applied);
        Assert.False(retry.IsDuplicate);
        Assert.NotEqual(first.Revision, retry.Revision);
        Assert.Equal(2, replica.State.KeyValues.Get("k")!.Version);
        Assert.Equal(capacity, replica.State.Requests.Count);
    }

    [Fact]
    public void Duplicates_do_not_count_towards_the_remembered_requests_bound()
    {
        const int capacity = 8;
        var replica = new Replica(capacity);
        var first = replica.Apply(Cmd.Put("k", "v", id: "retried"));
        var noisy = Cmd.Put("noisy", "v");
        for (var i = 0; i < 3 * capacity; i++)
            replica.Apply(noisy);

        Assert.Equal(first with { IsDuplicate = true }, replica.Apply(Cmd.Put("k", "v", id: "retried")));
        Assert.Equal(2, replica.State.Requests.Count);
    }

    [Theory]
    [InlineData("too-long")]
    [InlineData("unpaired-surrogate")]
    public void A_request_id_that_cannot_be_remembered_is_rejected_every_time_and_not_remembered(string kind)
    {
        var replica = new Replica();
        var id = kind == "too-long" ? new string('r', Limits.RequestIdLengthMax + 1) : "req-\uD800";

        var first = replica.Apply(Cmd.Put("k", "v", id: id));
        var second = replica.Apply(Cmd.Put("k", "v", id: id));

        Assert.Equal(RejectionCode.Invalid, first.Rejection!.Code);
        Assert.Equal("requestId", first.Rejection.Field);
        Assert.False(second.IsDuplicate);
        Assert.Equal(first.Rejection, second.Rejection);
        Assert.Equal(0, replica.State.Requests.Count);
    }

    [Fact]
    public void A_restored_replica_answers_a_retry_of_a_request_made_before_the_snapshot_with_the_first_answer()
    {
        var replica = new Replica();
        var put = Cmd.Put("k", "v");
        var first = replica.Apply(put);

        var restored = Snapshots.Restore(replica.SnapshotBytes());
        var retry = restored.Apply(new CommandBatch([put]), replica.LastIndex + 1)[0];

        Assert.Equal(first with { IsDuplicate = true }, retry);
        Assert.Equal(1, restored.KeyValues.Revision);
    }
}
