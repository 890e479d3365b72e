namespace Raftos.Chaos.Network;

/// <summary>
/// Derives seeds that are the same in every process and on every run: string.GetHashCode and HashCode are
/// randomized per process, which would make a replayed run draw different faults.
/// </summary>
internal static class Seeds
{
    /// <summary>Mixes <paramref name="seed"/> with <paramref name="values"/> (SplitMix64 steps).</summary>
    public static int Mix(int seed, params ReadOnlySpan<long> values)
    {
        var state = unchecked((ulong)seed);
        foreach (var value in values)
            state = SplitMix(state ^ unchecked((ulong)value));
        return unchecked((int)SplitMix(state));
    }

    /// <summary>A stable 64-bit hash of <paramref name="text"/> (FNV-1a over its UTF-16 code units).</summary>
    public static long Of(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash = unchecked(hash * 1099511628211UL);
        }
        return unchecked((long)hash);
    }

    private static ulong SplitMix(ulong x)
    {
        unchecked
        {
            x += 0x9E3779B97F4A7C15UL;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            return x ^ (x >> 31);
        }
    }
}
