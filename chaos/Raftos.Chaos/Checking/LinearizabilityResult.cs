using System.Text;

namespace Raftos.Chaos.Checking;

/// <summary>The outcome of checking a whole history: an overall verdict and one verdict per key.</summary>
public sealed class LinearizabilityResult
{
    /// <summary>Builds a result from the per-key verdicts.</summary>
    /// <param name="keys">One verdict per key, in the order they should be reported.</param>
    /// <param name="elapsed">How long the check took.</param>
    public LinearizabilityResult(IReadOnlyList<KeyLinearizability> keys, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Keys = keys;
        Elapsed = elapsed;
        Verdict = Combine(keys);
    }

    /// <summary>
    /// <see cref="LinearizabilityVerdict.NotLinearizable"/> if any key is, otherwise
    /// <see cref="LinearizabilityVerdict.Unknown"/> if any key timed out, otherwise
    /// <see cref="LinearizabilityVerdict.Linearizable"/> (an empty history included).
    /// </summary>
    public LinearizabilityVerdict Verdict { get; }

    /// <summary>The per-key verdicts, ordered by key (ordinal).</summary>
    public IReadOnlyList<KeyLinearizability> Keys { get; }

    /// <summary>How long the check took; the only part of a result that differs between runs on the same history.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The verdict for <paramref name="key"/>, or null when the history has no operation on it.</summary>
    /// <param name="key">The key.</param>
    public KeyLinearizability? ForKey(string key) => Keys.FirstOrDefault(k => string.Equals(k.Key, key, StringComparison.Ordinal));

    /// <summary>A multi-line summary: the verdict, then one line per key that is not linearizable or not decided.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Verdict switch
        {
            LinearizabilityVerdict.Linearizable => "linearizable",
            LinearizabilityVerdict.NotLinearizable => "NOT linearizable",
            _ => "undecided (timed out)",
        });
        text.Append(System.Globalization.CultureInfo.InvariantCulture, $" ({Keys.Count} keys, {Keys.Sum(k => k.OperationCount)} operations checked)");
        foreach (var key in Keys.Where(k => k.Verdict != LinearizabilityVerdict.Linearizable))
        {
            text.AppendLine().Append(key.Explanation);
        }

        return text.ToString();
    }

    private static LinearizabilityVerdict Combine(IReadOnlyList<KeyLinearizability> keys)
    {
        if (keys.Any(k => k.Verdict == LinearizabilityVerdict.NotLinearizable))
        {
            return LinearizabilityVerdict.NotLinearizable;
        }

        return keys.Any(k => k.Verdict == LinearizabilityVerdict.Unknown)
            ? LinearizabilityVerdict.Unknown
            : LinearizabilityVerdict.Linearizable;
    }
}
