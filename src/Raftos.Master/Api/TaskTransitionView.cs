namespace Raftos.Master.Api;

/// <summary>One state change of a task.</summary>
public sealed record TaskTransitionView(string State, string At, string Reason, long Index);
