namespace Raftos.Client;

/// <summary>How many of a job's wanted tasks wait and how many run, and why the waiting ones wait, most common first.</summary>
/// <param name="Pending">Wanted tasks waiting for placement.</param>
/// <param name="Running">Tasks running.</param>
/// <param name="Reasons">The distinct reasons of the waiting tasks.</param>
public sealed record JobPlacement(int Pending, int Running, IReadOnlyList<PlacementReason> Reasons);
