namespace Raftos.Master.Api;

/// <summary>
/// Why a job's tasks are or are not placed: how many of its wanted tasks wait and how many
/// run, and the distinct reasons the waiting ones give, the most common first.
/// </summary>
public sealed record PlacementView(int Pending, int Running, IReadOnlyList<PlacementReasonView> Reasons);
