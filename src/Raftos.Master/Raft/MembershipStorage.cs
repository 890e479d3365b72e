using System.Net;
using DotNext.Buffers;
using DotNext.Net;
using DotNext.Net.Cluster.Consensus.Raft.Membership;

namespace Raftos.Master.Raft;

/// <summary>
/// The Raft membership (who votes) kept on disk beside the log, so a restarted master knows
/// the cluster as it last was rather than as it was bootstrapped.
/// </summary>
internal sealed class MembershipStorage(string directory) : PersistentClusterConfigurationStorage<EndPoint>(directory)
{
    protected override IEqualityComparer<EndPoint> Comparer => EqualityComparer<EndPoint>.Default;

    protected override void Encode(EndPoint address, ref BufferWriterSlim<byte> output) => output.WriteEndPoint(address);

    protected override EndPoint Decode(ref SequenceReader reader) => reader.ReadEndPoint();

    /// <summary>
    /// Writes the bootstrap membership when the storage is new. Version 0 makes any
    /// configuration later found in the log take precedence.
    /// </summary>
    public async ValueTask<bool> SeedIfEmptyAsync(IReadOnlyCollection<IPEndPoint> members, CancellationToken token)
    {
        var (current, _) = await LoadConfigurationAsync(token).ConfigureAwait(false);
        using (current)
        {
            if (!current.IsEmpty || members.Count == 0)
                return false;
        }

        using var seed = new SeedConfiguration(Comparer);
        var builder = seed.CreateInitialConfigurationBuilder();
        foreach (var member in members)
            builder.Add(member);
        builder.Build();
        using var encoded = await seed.EncodedAsync(token).ConfigureAwait(false);
        return await SaveConfigurationAsync(encoded.Memory, 0L, token).ConfigureAwait(false);
    }

    /// <summary>Borrows DotNext's own encoding of a member set, so the seed is in the storage's format.</summary>
    private sealed class SeedConfiguration(IEqualityComparer<EndPoint> comparer) : InMemoryClusterConfigurationStorage<EndPoint>
    {
        protected override IEqualityComparer<EndPoint> Comparer => comparer;

        protected override void Encode(EndPoint address, ref BufferWriterSlim<byte> output) => output.WriteEndPoint(address);

        protected override EndPoint Decode(ref SequenceReader reader) => reader.ReadEndPoint();

        public async ValueTask<MemoryOwner<byte>> EncodedAsync(CancellationToken token)
            => (await LoadConfigurationAsync(token).ConfigureAwait(false)).Item1;
    }
}
