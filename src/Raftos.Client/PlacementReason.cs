namespace Raftos.Client;

/// <summary>One reason a job's waiting tasks give, and how many give it.</summary>
/// <param name="Reason">E.g. <c>no agent can take it: 3 agents filtered: 2 short of memory, 1 by constraint zone = z1</c>.</param>
/// <param name="Tasks">How many waiting tasks give it.</param>
public sealed record PlacementReason(string Reason, int Tasks);
