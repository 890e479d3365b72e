namespace Raftos.Client;

/// <summary>One master, as the answering master sees it.</summary>
/// <param name="Id">Master id, when known.</param>
/// <param name="RaftAddress">Raft endpoint, host:port.</param>
/// <param name="HttpAddress">HTTP API URL, when known.</param>
/// <param name="Role"><c>leader</c>, <c>follower</c>, or <c>none</c> for a removed master.</param>
/// <param name="Status"><c>available</c>, <c>unavailable</c>, <c>unknown</c> or <c>removed</c>.</param>
/// <param name="Voter">Whether it is in the Raft configuration.</param>
public sealed record MasterInfo(string? Id, string RaftAddress, string? HttpAddress, string Role, string Status, bool Voter);
