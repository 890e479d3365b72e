using System.Buffers;
using System.Text;
using Raftos.Core.Commands;
using Raftos.Core.State;

namespace Raftos.Core.Tests;

/// <summary>Builds commands tersely; every command gets a fresh request id unless one is given.</summary>
internal static class Cmd
{
    private static long nextId;

    public static string NewId() => "req-" + Interlocked.Increment(ref nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static PutKey Put(string key, string value, long? cas = null, string? id = null)
        => new() { RequestId = id ?? NewId(), Key = key, Value = Encoding.UTF8.GetBytes(value), ExpectedRevision = cas };

    public static DeleteKey Delete(string key, long? cas = null, string? id = null)
        => new() { RequestId = id ?? NewId(), Key = key, ExpectedRevision = cas };

    public static RegisterMaster Register(string masterId, string raftEndpoint, string httpUrl, string? id = null)
        => new() { RequestId = id ?? NewId(), MasterId = masterId, RaftEndpoint = raftEndpoint, HttpUrl = httpUrl };

    public static RegisterMaster Register(int n, string? id = null)
        => Register($"m{n}", $"10.0.0.{n}:7000", $"http://10.0.0.{n}:8080", id);

    public static RemoveMaster Remove(string masterId, string? id = null)
        => new() { RequestId = id ?? NewId(), MasterId = masterId };
}

/// <summary>
/// A <see cref="ClusterState"/> fed one log entry per call, at increasing indexes. Every entry
/// carries <see cref="Now"/> as its leader time (0 unless a test sets or advances it), so
/// tests drive the cluster clock explicitly.
/// </summary>
internal sealed class Replica(int rememberedRequestsMax = Limits.RememberedRequestsMax)
{
    public ClusterState State { get; } = new(rememberedRequestsMax);

    public long LastIndex { get; private set; }

    /// <summary>The leader time (Unix ms) stamped on the next entries.</summary>
    public long Now { get; set; }

    /// <summary>The index the next entry will be applied at.</summary>
    public long NextIndex => LastIndex + 1;

    /// <summary>Moves <see cref="Now"/> forward by <paramref name="ms"/>.</summary>
    public long Advance(long ms) => Now += ms;

    public CommandResult Apply(Command command) => ApplyBatch(command)[0];

    public IReadOnlyList<CommandResult> ApplyBatch(params Command[] commands)
        => State.Apply(new CommandBatch(commands) { At = Now }, ++LastIndex);

    public byte[] SnapshotBytes() => Snapshots.Bytes(State);
}

internal static class Snapshots
{
    public static byte[] Bytes(ClusterState state) => RaftosSerializer.Encode(state.ToSnapshot());

    /// <summary>
    /// The replicated data only: keys, store revision and masters. Every applied entry moves
    /// the applied index and every command with a usable request id is remembered, rejected
    /// or not, so "nothing changed" compares these bytes.
    /// </summary>
    public static byte[] DataBytes(ClusterState state)
        => RaftosSerializer.Encode(state.ToSnapshot() with { AppliedIndex = 0, Requests = [] });

    public static ClusterState Restore(byte[] bytes, int rememberedRequestsMax = Limits.RememberedRequestsMax)
        => ClusterState.FromSnapshot(RaftosSerializer.DecodeSnapshot(bytes), rememberedRequestsMax);

    public static CommandBatch RoundTrip(CommandBatch batch)
        => RaftosSerializer.DecodeBatch(new ReadOnlySequence<byte>(RaftosSerializer.Encode(batch)));
}

/// <summary>Assertions whose failure message carries the context (seed, index) needed to reproduce.</summary>
internal static class Same
{
    public static void Bytes(byte[] expected, byte[] actual, string context)
    {
        if (expected.AsSpan().SequenceEqual(actual))
            return;
        var at = expected.AsSpan().CommonPrefixLength(actual);
        Assert.Fail($"{context}: snapshots differ at byte {at} (lengths {expected.Length} and {actual.Length})");
    }

    /// <summary>
    /// Equal results: compared by their encoding plus the duplicate flag, because record
    /// equality compares the <see cref="CommandResult.Ids"/> lists by reference.
    /// </summary>
    public static void Results(IReadOnlyList<CommandResult> expected, IReadOnlyList<CommandResult> actual, string context)
    {
        Assert.True(expected.Count == actual.Count, $"{context}: {expected.Count} results vs {actual.Count}");
        for (var i = 0; i < expected.Count; i++)
        {
            var same = expected[i].IsDuplicate == actual[i].IsDuplicate
                       && MessagePack.MessagePackSerializer.Serialize(expected[i], RaftosSerializer.Trusted).AsSpan()
                           .SequenceEqual(MessagePack.MessagePackSerializer.Serialize(actual[i], RaftosSerializer.Trusted));
            Assert.True(same, $"{context}, command {i}: {Describe(expected[i])} vs {Describe(actual[i])}");
        }
    }

    public static string Describe(CommandResult result)
        => $"{result} Ids=[{string.Join(",", result.Ids)}]";
}
