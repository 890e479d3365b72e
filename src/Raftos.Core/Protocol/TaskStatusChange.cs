namespace Raftos.Core.Protocol;

/// <summary>One change: state is starting, running, finished, failed or killed.</summary>
public sealed record TaskStatusChange(string TaskId, long Epoch, string State, int? ExitCode, string Reason);
