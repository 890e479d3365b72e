using System.Collections.Concurrent;
using DotNext.Net.Cluster.Consensus.Raft;
using Raftos.Master.Raft;

namespace Raftos.Master.Writes;

/// <summary>
/// Finds the leader's HTTP URL: from the metadata each master publishes over Raft, falling
/// back to the replicated master records.
/// </summary>
public sealed class LeaderDirectory(RaftNode node)
{
    private readonly ConcurrentDictionary<string, string> httpByRaft = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The leader's HTTP URL, or null when there is no leader or it cannot be found.</summary>
    public async ValueTask<string?> LeaderHttpUrlAsync(CancellationToken token)
    {
        var leader = node.Leader;
        return leader is null ? null : await HttpUrlOfAsync(leader, token).ConfigureAwait(false);
    }

    /// <summary>The HTTP URL of <paramref name="member"/>, or null when unknown.</summary>
    public async ValueTask<string?> HttpUrlOfAsync(RaftClusterMember member, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (!member.IsRemote)
            return node.Options.HttpAddress;
        var raft = EndPoints.Format(member.EndPoint);
        if (httpByRaft.TryGetValue(raft, out var cached))
            return cached;

        try
        {
            var metadata = await member.GetMetadataAsync(refresh: false, token).ConfigureAwait(false);
            if (metadata.TryGetValue(RaftNode.MetadataHttp, out var url))
                return httpByRaft[raft] = url;
        }
        catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
        {
            // The member is unreachable; the replicated records may still know it.
        }

        return node.StateMachine.Read(s => s.Masters.FindByRaftEndpoint(raft)?.HttpUrl);
    }

    /// <summary>The master id of <paramref name="member"/>, from metadata already fetched or the records.</summary>
    public string? IdOf(RaftClusterMember member)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (!member.IsRemote)
            return node.Options.NodeId;
        if (member.TryGetMetadata() is { } metadata && metadata.TryGetValue(RaftNode.MetadataId, out var id))
            return id;
        var raft = EndPoints.Format(member.EndPoint);
        return node.StateMachine.Read(s => s.Masters.FindByRaftEndpoint(raft)?.Id);
    }
}
