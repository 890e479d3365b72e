namespace Raftos.Client;

/// <summary>Answer to removing a master.</summary>
/// <param name="Removed">Id of the master removed.</param>
public sealed record MasterRemoveResult(string Removed);
