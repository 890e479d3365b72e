namespace Raftos.Client;

/// <summary>One state change of a task.</summary>
/// <param name="State">The state entered.</param>
/// <param name="At">When.</param>
/// <param name="Reason">Why.</param>
/// <param name="Index">Log index of the change.</param>
public sealed record TaskTransition(string State, DateTimeOffset At, string Reason, long Index);
