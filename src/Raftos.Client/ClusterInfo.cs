namespace Raftos.Client;

/// <summary>Answer of <c>GET /v1/cluster</c>: the Raft view of the answering master.</summary>
/// <param name="NodeId">The master that answered.</param>
/// <param name="LeaderId">The leader's id, or null while none is known.</param>
/// <param name="Term">Current Raft term.</param>
/// <param name="CommitIndex">Highest log index known committed.</param>
/// <param name="AppliedIndex">Highest log index applied by the answering master.</param>
/// <param name="Masters">Every master, in id order.</param>
/// <param name="LeadingTerm">While the answering master leads, the term it was elected in; null otherwise.</param>
public sealed record ClusterInfo(string NodeId, string? LeaderId, long Term, long CommitIndex, long AppliedIndex, IReadOnlyList<MasterInfo> Masters, long? LeadingTerm = null);
