namespace Raftos.Core.Protocol;

/// <summary>An agent announcing itself.</summary>
public sealed record AgentRegistration(
    string AgentId,
    string Address,
    ResourceAmounts Resources,
    IReadOnlyDictionary<string, string> Attributes);
