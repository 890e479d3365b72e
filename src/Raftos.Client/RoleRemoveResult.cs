namespace Raftos.Client;

/// <summary>Answer to removing a role's settings.</summary>
/// <param name="Role">The role.</param>
/// <param name="Removed">Always true: it is back to weight 1 and no quota.</param>
/// <param name="Index">Log index of the change.</param>
public sealed record RoleRemoveResult(string Role, bool Removed, long Index);
