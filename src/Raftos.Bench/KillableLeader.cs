namespace Raftos.Bench;

/// <summary>The current leader, identified well enough to kill it: its member id, client endpoint and process id.</summary>
internal sealed record KillableLeader(string MemberId, Uri Endpoint, int Pid);
