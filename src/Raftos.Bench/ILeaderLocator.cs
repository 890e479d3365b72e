namespace Raftos.Bench;

/// <summary>Finds the current leader of the cluster under test.</summary>
internal interface ILeaderLocator
{
    /// <summary>
    /// One pass over the members; null while no member claims leadership for itself (for example mid-election).
    /// Callers poll.
    /// </summary>
    Task<KillableLeader?> TryFindLeaderAsync(CancellationToken cancellationToken);
}
