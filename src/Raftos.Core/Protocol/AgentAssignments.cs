namespace Raftos.Core.Protocol;

/// <summary>
/// Everything an agent should be doing: the tasks assigned to it that have not ended, each
/// with its desired state. The agent starts what it should run, kills what it runs but
/// should not (including anything not listed), and long-polls again with <see cref="Index"/>.
/// </summary>
public sealed record AgentAssignments(
    long Index,
    long AgentEpoch,
    string AgentStatus,
    IReadOnlyList<AssignedTask> Tasks);
