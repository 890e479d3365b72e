namespace Raftos.Core.Protocol;

/// <summary>
/// An agent announcing itself, with the range of ports it hands to tasks; a bound left null
/// takes its default (<see cref="Commands.RegisterAgent.PortsMinDefault"/> to
/// <see cref="Commands.RegisterAgent.PortsMaxDefault"/>).
/// </summary>
public sealed record AgentRegistration(
    string AgentId,
    string Address,
    ResourceAmounts Resources,
    IReadOnlyDictionary<string, string> Attributes,
    int? PortsMin = null,
    int? PortsMax = null);
