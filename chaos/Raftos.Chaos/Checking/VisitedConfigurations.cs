namespace Raftos.Chaos.Checking;

/// <summary>
/// The search's memo of configurations it has entered, each a set of linearized answered operations, the register
/// value reached and a set of linearized unanswered operations. Reaching a configuration again means repeating a
/// search that already failed, so the searcher turns back. So does reaching one that spent a superset of the
/// unanswered operations of a recorded one with the same answered set and value: unanswered operations are
/// optional, so the recorded configuration could do anything this one can.
/// </summary>
/// <remarks>
/// The answered set's hash is maintained incrementally by the caller (Zobrist hashing), so a probe costs a full
/// bitset comparison only when hashes collide or the configuration really was seen.
/// </remarks>
internal sealed class VisitedConfigurations
{
    private readonly Dictionary<Configuration, List<ulong[]>> seen = new(ConfigurationComparer.Instance);

    /// <summary>How many configurations have been recorded, including those later superseded.</summary>
    public int Count { get; private set; }

    /// <summary>Records a configuration unless it or one dominating it was seen; true when it is new.</summary>
    /// <param name="answered">The answered operations linearized; copied when recorded.</param>
    /// <param name="hash">The Zobrist hash of <paramref name="answered"/>.</param>
    /// <param name="state">The register value they lead to.</param>
    /// <param name="unanswered">The unanswered operations linearized; copied when recorded.</param>
    public bool Add(ulong[] answered, ulong hash, int state, ulong[] unanswered)
    {
        if (!seen.TryGetValue(new Configuration(answered, hash, state), out var spent))
        {
            seen.Add(new Configuration((ulong[])answered.Clone(), hash, state), [(ulong[])unanswered.Clone()]);
            Count++;
            return true;
        }

        foreach (var recorded in spent)
        {
            if (IsSubset(recorded, unanswered))
            {
                return false;
            }
        }

        // Recorded sets that contain the new one are dominated by it from now on; dropping them keeps probes short.
        spent.RemoveAll(recorded => IsSubset(unanswered, recorded));
        spent.Add((ulong[])unanswered.Clone());
        Count++;
        return true;
    }

    private static bool IsSubset(ulong[] subset, ulong[] superset)
    {
        for (var i = 0; i < subset.Length; i++)
        {
            if ((subset[i] & ~superset[i]) != 0)
            {
                return false;
            }
        }

        return true;
    }

    private readonly record struct Configuration(ulong[] Answered, ulong Hash, int State);

    private sealed class ConfigurationComparer : IEqualityComparer<Configuration>
    {
        public static readonly ConfigurationComparer Instance = new();

        public bool Equals(Configuration x, Configuration y) =>
            x.Hash == y.Hash && x.State == y.State && x.Answered.AsSpan().SequenceEqual(y.Answered);

        public int GetHashCode(Configuration obj) => HashCode.Combine(obj.Hash, obj.State);
    }
}
