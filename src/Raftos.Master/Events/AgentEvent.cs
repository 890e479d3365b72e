using Raftos.Master.Api;

namespace Raftos.Master.Events;

/// <summary>Data of an <c>agent</c> event: <see cref="Change"/> is registered, lost, drained or undrained.</summary>
public sealed record AgentEvent(long Index, string Change, AgentView Agent);
