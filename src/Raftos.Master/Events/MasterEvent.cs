namespace Raftos.Master.Events;

/// <summary>Data of a <c>master</c> event: <see cref="Change"/> is added (also for a changed address) or removed.</summary>
public sealed record MasterEvent(long Index, string Change, string Id, string RaftAddress, string HttpAddress);
