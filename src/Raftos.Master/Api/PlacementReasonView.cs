namespace Raftos.Master.Api;

/// <summary>One reason pending tasks of a job give, and how many give it.</summary>
public sealed record PlacementReasonView(string Reason, int Tasks);
