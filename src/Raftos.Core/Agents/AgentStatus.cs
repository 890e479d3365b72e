namespace Raftos.Core.Agents;

/// <summary>An agent's replicated status. "Suspect" is not here: it lives in the leader's memory only.</summary>
public enum AgentStatus
{
    /// <summary>Registered and heartbeating; may take tasks unless draining.</summary>
    Ready = 1,

    /// <summary>Declared lost by the leader; its tasks were marked lost. It must register again.</summary>
    Lost = 2,
}
