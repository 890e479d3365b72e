namespace Raftos.Core.Protocol;

/// <summary>The answer: tasks the agent must kill because it no longer owns them.</summary>
public sealed record TaskStatusReportResult(IReadOnlyList<string> Fenced);
