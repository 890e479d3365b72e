namespace Raftos.Core.Protocol;

/// <summary>Task state changes from an agent; retried with the same request id until answered.</summary>
public sealed record TaskStatusReport(
    string AgentId,
    long Epoch,
    string RequestId,
    IReadOnlyList<TaskStatusChange> Updates);
