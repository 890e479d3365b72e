using Raftos.Core.Protocol;

namespace Raftos.Master.Api;

/// <summary>A task as the API shows it.</summary>
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
    int? ExitCode,
    string Reason,
    string? NotBefore,
    IReadOnlyList<TaskTransitionView> History);
