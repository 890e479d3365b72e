using DotNext.Net.Cluster.Consensus.Raft;
using Microsoft.AspNetCore.Http;
using Raftos.Core.State;
using Raftos.Master.Raft;

namespace Raftos.Master.Api;

/// <summary>
/// Reads of the replicated state: linearizable by default (Raft read barrier, so a follower
/// first catches up with the leader's commit index), or from local state with ?stale.
/// </summary>
public sealed class ReadGate(RaftNode node)
{
    /// <summary>Header carrying the applied index an answer reflects.</summary>
    public const string IndexHeader = "X-Raftos-Index";

    /// <summary>Reads with the consistency the request asks for; null result means the barrier failed (503).</summary>
    public async Task<(bool Ok, T Value)> ReadAsync<T>(HttpContext context, Func<ClusterState, T> read)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(read);
#if CHAOS_BUG_STALE_READS
        // A planted bug, compiled only into the chaos suite's self-test build (-p:ChaosBug=StaleReads):
        // every read is served from local state, so a deposed leader or a lagging follower
        // answers stale values, and the suite's linearizability checker must notice.
        var linearizable = false;
#else
        var linearizable = !context.Request.Query.ContainsKey("stale");
#endif
        if (linearizable)
        {
            var cluster = node.Cluster;
            if (cluster is null || !node.IsVoter)
                return (false, default!);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            timeout.CancelAfter(node.Options.ReadTimeout);
            try
            {
                await cluster.ApplyReadBarrierAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or QuorumUnreachableException or TimeoutException
                                          or InvalidOperationException or NotLeaderException or DotNext.Net.Cluster.MemberUnavailableException)
            {
                // The client went away: end quietly (the middleware drops aborted requests) instead
                // of letting the barrier's own failure escape as an unhandled exception.
                context.RequestAborted.ThrowIfCancellationRequested();
                return (false, default!);
            }
        }

        var (value, index) = node.StateMachine.Read(s => (read(s), s.AppliedIndex));
        context.Response.Headers[IndexHeader] = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (true, value);
    }
}
