namespace Raftos.Client.Transport;

/// <summary>Body of <c>POST /v1/cluster/masters</c>.</summary>
internal sealed record AddMasterBody(string Id, string RaftAddress, string HttpAddress);
