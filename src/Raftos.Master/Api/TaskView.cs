using Raftos.Core.Protocol;

namespace Raftos.Master.Api;

/// <summary>A task as the API shows it; <see cref="Ports"/> are the ports it was handed on its agent, by name.</summary>
public sealed record TaskView(
    string Id,
    string JobId,
    long JobVersion,
    string Slot,
    string State,
    string Desired,
    string? AgentId,
    long Epoch,
    ResourceAmounts Resources,
    IReadOnlyDictionary<string, int> Ports,
    int? ExitCode,
    string Reason,
    string? NotBefore,
    IReadOnlyList<TaskTransitionView> History);
