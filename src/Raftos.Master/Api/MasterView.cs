namespace Raftos.Master.Api;

/// <summary>One master as seen from the answering master.</summary>
/// <param name="Id">Master id, when known.</param>
/// <param name="RaftAddress">Raft endpoint.</param>
/// <param name="HttpAddress">HTTP API URL, when known.</param>
/// <param name="Role">leader or follower.</param>
/// <param name="Status">available, unavailable or unknown (as seen by this master).</param>
/// <param name="Voter">Whether it is in the Raft configuration (false: a record left after removal).</param>
public sealed record MasterView(string? Id, string RaftAddress, string? HttpAddress, string Role, string Status, bool Voter);
