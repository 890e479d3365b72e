using System.Text;
using Raftos.Core.Commands;

namespace Raftos.Core.Tests;

/// <summary>Key-value semantics follow etcd: a store revision, and per key a create revision, a mod revision and a version.</summary>
public sealed class KeyValueStoreTests
{
    private static string Text(byte[] value) => Encoding.UTF8.GetString(value);

    [Fact]
    public void A_put_creates_the_key_at_the_next_store_revision_with_version_1()
    {
        var replica = new Replica();
        replica.Apply(Cmd.Put("other", "x"));

        var result = replica.Apply(Cmd.Put("k", "v"));

        var entry = replica.State.KeyValues.Get("k")!;
        Assert.True(result.Applied);
        Assert.Equal(2, replica.State.KeyValues.Revision);
        Assert.Equal(2, result.Revision);
        Assert.Equal(2, entry.CreateRevision);
        Assert.Equal(2, entry.ModRevision);
        Assert.Equal(1, entry.Version);
        Assert.Equal("v", Text(entry.Value));
        Assert.Equal(2, replica.State.KeyValues.Count);
    }

    [Fact]
    public void An_overwrite_bumps_mod_revision_and_version_and_keeps_create_revision()
    {
        var replica = new Replica();
        replica.Apply(Cmd.Put("k", "v1"));
        replica.Apply(Cmd.Put("other", "x"));

        var result = replica.Apply(Cmd.Put("k", "v2"));

        var entry = replica.State.KeyValues.Get("k")!;
        Assert.Equal(3, result.Revision);
        Assert.Equal(1, entry.CreateRevision);
        Assert.Equal(3, entry.ModRevision);
        Assert.Equal(2, entry.Version);
        Assert.Equal("v2", Text(entry.Value));
    }

    [Fact]
    public void A_key_recreated_after_a_delete_starts_again_at_version_1()
    {
        var replica = new Replica();
        replica.Apply(Cmd.Put("k", "v1"));
        replica.Apply(Cmd.Put("k", "v2"));
        replica.Apply(Cmd.Delete("k"));

        replica.Apply(Cmd.Put("k", "v3"));

        var entry = replica.State.KeyValues.Get("k")!;
        Assert.Equal(4, entry.CreateRevision);
        Assert.Equal(4, entry.ModRevision);
        Assert.Equal(1, entry.Version);
    }

    [Fact]
    public void Compare_and_set_0_creates_an_absent_key()
    {
        var replica = new Replica();

        var result = replica.Apply(Cmd.Put("k", "v", cas: 0));

        Assert.True(result.Applied);
        Assert.Equal(1, replica.State.KeyValues.Get("k")!.Version);
    }

    [Fact]
    public void Compare_and_set_0_on_an_existing_key_is_a_mismatch_reporting_the_current_revision()
    {
        var replica = new Replica();
        replica.Apply(Cmd.Put("k", "v1"));
        var data = Snapshots.DataBytes(replica.State);

        var result = replica.Apply(Cmd.Put("k", "v2", cas: 0));

        Assert.Equal(RejectionCode.RevisionMismatch, result.Rejection!.Code);
        Assert.Null(result.Rejection.Field);
        Assert.Equal(1, result.Revision);
        Assert.Equal(data, Snapshots.DataBytes(replica.State));
    }

    [Fact]
    public void Compare_and_set_with_the_current_mod_revision_succeeds()
    {
        var replica = new Replica();
        replica.Apply(Cmd.Put("k", "v1"));
        replica.Apply(Cmd.Put("other", "x"));

        var result = replica.Apply(Cmd.Put("k", "v2", cas: 1));

        Assert.True(result.Applied);
        Assert.Equal(3, result.Revision);
        Assert.Equal(3, replica.State.KeyValues.Get("k")!.ModRevision);
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(3L)]
    [InlineData(long.MaxValue)]
    public void Compare_and_set_with_a_stale_revision_is_a_mismatch_reporting_the_current_revision_and_changes_nothing(long stale)
    {
        var replica = new Replica();
        replica.Apply(Cmd.Put("k", "v1"));
        replica.Apply(Cmd.Put("k", "v2"));
        var data = Snapshots.DataBytes(replica.State);

        var result = replica.Apply(Cmd.Put("k", "v3", cas: stale));

        Assert.Equal(RejectionCode.RevisionMismatch, result.Rejection!.Code);
        Assert.Equal(2, result.Revision);
        Assert.Equal(data, Snapshots.DataBytes(replica.State));
        Assert.Equal("v2", Text(replica.State.KeyValues.Get("k")!.Value));
    }

    [Fact]
    public void Compare_and_set_on_an_absent_key_with_a_positive_revision_is_a_mismatch_reporting_revision_0()
    {
        var replica = new Replica();
        replica.Apply(Cmd.Put("other", "x"));

        var result = replica.Apply(Cmd.Put("k", "v", cas: 1));

        Assert.Equal(RejectionCode.RevisionMismatch, result.Rejection!.Code);
        Assert.Equal(0, result.Revision);
        Assert.Null(replica.State.KeyValues.Get("k"));
    }

    [Fact]
    public void A_delete_removes_the_key_and_bumps_the_store_revision()
    {
        var replica = new Replica();
        replica.Apply(Cmd.Put("k", "v"));

        var result = replica.Apply(Cmd.Delete("k"));

        Assert.True(result.Applied);
        Assert.Equal(2, result.Revision);
        Assert.Equal(2, replica.State.KeyValues.Revision);
        Assert.Null(replica.State.KeyValues.Get("k"));
        Assert.Equal(0, replica.State.KeyValues.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0L)]
    [InlineData(1L)]
    public void A_delete_of_a_missing_key_is_not_found_whatever_the_expected_revision(long? cas)
    {
        var replica = new Replica();
        replica.Apply(Cmd.Put("other", "x"));
        var data = Snapshots.DataBytes(replica.State);

        var result = replica.Apply(Cmd.Delete("k", cas));

        Assert.Equal(RejectionCode.NotFound, result.Rejection!.Code);
        Assert.Equal(data, Snapshots.DataBytes(replica.State));
    }

    [Fact]
    public void A_delete_with_the_current_revision_succeeds()
    {
        var replica = new Replica();
        replica.Apply(Cmd.Put("k", "v"));
        replica.Apply(Cmd.Put("k", "v2"));

        var result = replica.Apply(Cmd.Delete("k", cas: 2));

        Assert.True(result.Applied);
        Assert.Null(replica.State.KeyValues.Get("k"));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(3L)]
    public void A_delete_with_a_stale_revision_is_a_mismatch_reporting_the_current_revision_and_changes_nothing(long stale)
    {
        var replica = new Replica();
        replica.Apply(Cmd.Put("k", "v"));
        replica.Apply(Cmd.Put("k", "v2"));
        var data = Snapshots.DataBytes(replica.State);

        var result = replica.Apply(Cmd.Delete("k", cas: stale));

        Assert.Equal(RejectionCode.RevisionMismatch, result.Rejection!.Code);
        Assert.Equal(2, result.Revision);
        Assert.Equal(data, Snapshots.DataBytes(replica.State));
    }

    [Fact]
    public void Rejected_commands_do_not_advance_the_store_revision()
    {
        var replica = new Replica();
        replica.Apply(Cmd.Put("k", "v"));

        replica.ApplyBatch(Cmd.Put("k", "x", cas: 7), Cmd.Delete("missing"), Cmd.Put(string.Empty, "x"), Cmd.Register(1));

        Assert.Equal(1, replica.State.KeyValues.Revision);
    }

    [Fact]
    public void List_returns_keys_with_the_prefix_in_ordinal_order()
    {
        var replica = new Replica();
        foreach (var key in new[] { "b/2", "a/z", "b/10", "b/1", "B/1", "b", "b/é", "b/Z", "c/1", "ba" })
            replica.Apply(Cmd.Put(key, "v"));

        var listed = replica.State.KeyValues.List("b/", 100).Select(e => e.Key);

        Assert.Equal(["b/1", "b/10", "b/2", "b/Z", "b/é"], listed);
    }

    [Fact]
    public void List_with_an_empty_prefix_returns_every_key_in_ordinal_order()
    {
        var replica = new Replica();
        string[] keys = ["é", "a", "Z", "😀", "ﬀ", "a/"];
        foreach (var key in keys)
            replica.Apply(Cmd.Put(key, "v"));

        var listed = replica.State.KeyValues.List(string.Empty, 100).Select(e => e.Key).ToArray();

        Assert.Equal(keys.Order(StringComparer.Ordinal), listed);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(5, 5)]
    [InlineData(6, 5)]
    [InlineData(int.MaxValue, 5)]
    public void List_returns_at_most_limit_entries_the_first_in_key_order(int limit, int expected)
    {
        var replica = new Replica();
        for (var i = 4; i >= 0; i--)
            replica.Apply(Cmd.Put($"p/{i}", "v"));
        replica.Apply(Cmd.Put("a", "v"));
        replica.Apply(Cmd.Put("q", "v"));

        var listed = replica.State.KeyValues.List("p/", limit).Select(e => e.Key);

        Assert.Equal(Enumerable.Range(0, expected).Select(i => $"p/{i}"), listed);
    }

    [Fact]
    public void Pages_after_the_last_key_of_the_previous_one_list_every_entry_once()
    {
        var replica = new Replica();
        for (var i = 0; i < 25; i++)
            replica.Apply(Cmd.Put($"p/{i:00}", "v"));
        replica.Apply(Cmd.Put("p", "v"));
        replica.Apply(Cmd.Put("q", "v"));

        var pages = new List<string>();
        string? after = null;
        while (replica.State.KeyValues.List("p/", 10, after) is { Count: > 0 } page)
        {
            pages.AddRange(page.Select(e => e.Key));
            after = page[^1].Key;
        }

        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"p/{i:00}"), pages);
    }

    [Fact]
    public void Get_and_List_return_the_entry_with_its_revisions()
    {
        var replica = new Replica();
        replica.Apply(Cmd.Put("k", "v"));

        Assert.Equal(replica.State.KeyValues.Get("k"), Assert.Single(replica.State.KeyValues.List("k", 10)));
        Assert.Null(replica.State.KeyValues.Get("K"));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    [InlineData(100)]
    public void Concurrent_compare_and_sets_on_the_same_revision_have_exactly_one_winner(int contenders)
    {
        var replica = new Replica();
        replica.Apply(Cmd.Put("lock", "free"));
        var seen = replica.State.KeyValues.Get("lock")!.ModRevision;

        var results = replica.ApplyBatch([.. Enumerable.Range(0, contenders).Select(i => Cmd.Put("lock", $"owner-{i}", cas: seen))]);

        var winner = Assert.Single(results, r => r.Applied);
        Assert.Same(results[0], winner);
        Assert.All(results.Skip(1), r =>
        {
            Assert.Equal(RejectionCode.RevisionMismatch, r.Rejection!.Code);
            Assert.Equal(winner.Revision, r.Revision);
        });
        Assert.Equal("owner-0", Text(replica.State.KeyValues.Get("lock")!.Value));
        Assert.Equal(2, replica.State.KeyValues.Get("lock")!.Version);
    }

    [Fact]
    public void Concurrent_creates_with_compare_and_set_0_have_exactly_one_winner()
    {
        var replica = new Replica();

        var results = replica.ApplyBatch([.. Enumerable.Range(0, 10).Select(i => Cmd.Put("lock", $"owner-{i}", cas: 0))]);

        Assert.Single(results, r => r.Applied);
        Assert.Equal(1, replica.State.KeyValues.Revision);
    }

    [Fact]
    public void Concurrent_compare_and_deletes_on_the_same_revision_have_exactly_one_winner()
    {
        var replica = new Replica();
        replica.Apply(Cmd.Put("lock", "held"));

        var results = replica.ApplyBatch([.. Enumerable.Range(0, 5).Select(_ => Cmd.Delete("lock", cas: 1))]);

        Assert.Single(results, r => r.Applied);
        Assert.All(results.Skip(1), r => Assert.Equal(RejectionCode.NotFound, r.Rejection!.Code));
    }
}
