using DotNext.Net.Cluster.Consensus.Raft;
using Microsoft.Extensions.Logging;
using Raftos.Core.Commands;
using Raftos.Master.Raft;
using Raftos.Master.Writes;

namespace Raftos.Master.Api;

/// <summary>
/// Adds and removes masters on the leader, one change at a time: first the Raft
/// configuration (the new master is caught up before it votes), then the replicated record.
/// </summary>
public sealed partial class MembershipChanges(RaftNode node, CommandSubmitter submitter, ILogger<MembershipChanges> logger) : IDisposable
{
    private readonly SemaphoreSlim oneAtATime = new(1, 1);

    /// <summary>How long the leader waits for a new master to catch up and join.</summary>
    public static readonly TimeSpan ChangeTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Outcome of a change: null error means done.</summary>
    public readonly record struct Outcome(int Status, string? Error);

    /// <summary>Adds a master that is already running in join mode at <paramref name="request"/>'s addresses.</summary>
    public async Task<Outcome> AddAsync(RegisterMaster request, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cluster = node.Cluster ?? throw new WriteUnavailableException("the Raft node is not started");
        var endpoint = EndPoints.Parse(request.RaftEndpoint, "raftAddress");
        if (!await oneAtATime.WaitAsync(0, token).ConfigureAwait(false))
            return new(409, "another membership change is in progress; retry when it completes");
        try
        {
            var existing = node.StateMachine.Read(s => (ById: s.Masters.Get(request.MasterId), ByRaft: s.Masters.FindByRaftEndpoint(request.RaftEndpoint)));
            var isVoter = cluster.Members.Any(m => m.EndPoint.Equals(endpoint));
            if (existing.ById is { } byId && byId.RaftEndpoint != request.RaftEndpoint)
                return new(409, $"master '{request.MasterId}' already exists with Raft address {byId.RaftEndpoint}");
            if (existing.ByRaft is { } byRaft && byRaft.Id != request.MasterId)
                return new(409, $"Raft address {request.RaftEndpoint} already belongs to master '{byRaft.Id}'");
            if (!isVoter)
            {
                if (cluster.Members.Count >= Core.Limits.MastersMax)
                    return new(409, $"the cluster holds at most {Core.Limits.MastersMax} masters");
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token, cluster.LeadershipToken);
                timeout.CancelAfter(ChangeTimeout);
                LogAdding(logger, request.MasterId, request.RaftEndpoint);
                bool added;
                try
                {
                    added = await cluster.AddMemberAsync(endpoint, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    return new(503, $"master '{request.MasterId}' at {request.RaftEndpoint} did not catch up within {ChangeTimeout.TotalSeconds:0} s, or leadership was lost; is it running with no peers (join mode)?");
                }
                catch (NotLeaderException)
                {
                    // Leadership moved while the new master caught up (DotNext wraps the cancellation).
                    return new(503, $"leadership changed while master '{request.MasterId}' was catching up; retry");
                }

                if (!added)
                    return new(409, $"the Raft configuration did not accept {request.RaftEndpoint}; another change may be pending");
            }

            var result = await submitter.SubmitAsync(request, token).ConfigureAwait(false);
            return result.Applied ? new(201, null) : new(409, result.Rejection!.Detail);
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    /// <summary>Removes master <paramref name="id"/> from the Raft configuration and the records.</summary>
    public async Task<Outcome> RemoveAsync(string id, CancellationToken token)
    {
        var cluster = node.Cluster ?? throw new WriteUnavailableException("the Raft node is not started");
        var record = node.StateMachine.Read(s => s.Masters.Get(id));
        if (record is null)
            return new(404, $"master '{id}' does not exist");
        if (id == node.Options.NodeId)
            return new(409, $"master '{id}' is the leader; stop it (a new leader is elected) and remove it from there");
        if (!await oneAtATime.WaitAsync(0, token).ConfigureAwait(false))
            return new(409, "another membership change is in progress; retry when it completes");
        try
        {
            var endpoint = EndPoints.Parse(record.RaftEndpoint, "raftAddress");
            if (cluster.Members.Any(m => m.EndPoint.Equals(endpoint)))
            {
                if (cluster.Members.Count <= 1)
                    return new(409, "the last master cannot be removed");
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token, cluster.LeadershipToken);
                timeout.CancelAfter(ChangeTimeout);
                LogRemoving(logger, id, record.RaftEndpoint);
                try
                {
                    if (!await cluster.RemoveMemberAsync(endpoint, timeout.Token).ConfigureAwait(false))
                        return new(409, $"the Raft configuration did not accept removing {record.RaftEndpoint}; another change may be pending");
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    return new(503, $"removing master '{id}' did not commit within {ChangeTimeout.TotalSeconds:0} s");
                }
                catch (NotLeaderException)
                {
                    return new(503, $"leadership changed while removing master '{id}'; retry");
                }
            }

            var result = await submitter.SubmitAsync(new RemoveMaster { RequestId = Guid.NewGuid().ToString("N"), MasterId = id }, token).ConfigureAwait(false);
            return result.Applied || result.Rejection?.Code == RejectionCode.NotFound ? new(200, null) : new(409, result.Rejection!.Detail);
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Adding master {MasterId} at {RaftAddress}")]
    private static partial void LogAdding(ILogger logger, string masterId, string raftAddress);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removing master {MasterId} at {RaftAddress}")]
    private static partial void LogRemoving(ILogger logger, string masterId, string raftAddress);

    /// <inheritdoc />
    public void Dispose() => oneAtATime.Dispose();
}
