namespace Raftos.Client;

/// <summary>Answer to draining or undraining an agent.</summary>
/// <param name="AgentId">The agent.</param>
/// <param name="Draining">Whether it now drains.</param>
/// <param name="Index">Log index of the change.</param>
public sealed record AgentDrainResult(string AgentId, bool Draining, long Index);
