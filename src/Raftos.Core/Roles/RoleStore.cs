namespace Raftos.Core.Roles;

/// <summary>Configured roles by name. Changed only through <see cref="State.Fleet"/>.</summary>
public sealed class RoleStore
{
    private readonly SortedDictionary<string, RoleRecord> roles = new(StringComparer.Ordinal);

    /// <summary>Configured roles in name order.</summary>
    public IReadOnlyCollection<RoleRecord> All => roles.Values;

    /// <summary>Number of configured roles.</summary>
    public int Count => roles.Count;

    /// <summary>The role as configured, or its defaults.</summary>
    public RoleRecord Get(string name) => roles.GetValueOrDefault(name) ?? RoleRecord.Default(name);

    /// <summary>Whether the role was configured.</summary>
    public bool IsConfigured(string name) => roles.ContainsKey(name);

    internal void Put(RoleRecord role) => roles[role.Name] = role;

    internal bool Remove(string name) => roles.Remove(name);

    internal void Restore(IEnumerable<RoleRecord> restored)
    {
        foreach (var role in restored)
            Invariant.Holds(roles.TryAdd(role.Name, role), "a snapshot holds a role twice");
    }
}
