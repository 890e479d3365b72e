using Raftos.Master.Raft;

namespace Raftos.Master.Metrics;

/// <summary>Sets the Raft gauges (term, commit and applied index, leadership) at scrape time.</summary>
internal sealed class RaftMetricsCollector(RaftNode node)
{
    /// <summary>Reads the node's figures into the gauges; called before each scrape.</summary>
    public void Collect()
    {
        RaftosMetrics.RaftTerm.Set(node.Term);
        RaftosMetrics.RaftCommitIndex.Set(node.CommitIndex);
        RaftosMetrics.RaftAppliedIndex.Set(node.AppliedIndex);
        RaftosMetrics.RaftIsLeader.Set(node.IsLeader ? 1 : 0);
    }
}
