using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Raftos.Core.Jobs;

namespace Raftos.Core.Scheduling;

/// <summary>Evaluates job constraints against agent attributes.</summary>
public static class Constraints
{
    // Patterns repeat across rounds; compiling one is far dearer than matching it. The
    // cache is bounded by clearing, which only costs a recompile.
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);
    private const int PatternsMax = 1024;

    /// <summary>The first constraint the attributes do not meet, or null when all are met.</summary>
    public static Constraint? FirstUnmet(IReadOnlyList<Constraint> constraints, IReadOnlyDictionary<string, string> attributes)
    {
        ArgumentNullException.ThrowIfNull(constraints);
        ArgumentNullException.ThrowIfNull(attributes);
        foreach (var constraint in constraints)
        {
            if (!IsMet(constraint, attributes))
                return constraint;
        }

        return null;
    }

    /// <summary>Whether <paramref name="constraint"/> holds for <paramref name="attributes"/>.</summary>
    public static bool IsMet(Constraint constraint, IReadOnlyDictionary<string, string> attributes)
    {
        ArgumentNullException.ThrowIfNull(constraint);
        ArgumentNullException.ThrowIfNull(attributes);
        var has = attributes.TryGetValue(constraint.Attribute, out var value);
        return constraint.Operator switch
        {
            Constraint.EqualOperator => has && value == constraint.Value,
            Constraint.NotEqualOperator => !has || value != constraint.Value,
            Constraint.RegexOperator => has && Pattern(constraint.Value).IsMatch(value!),
            Constraint.SetContainsOperator => has && SetContains(value!, constraint.Value),
            Constraint.DistinctHostsOperator => true, // a property of the placement, checked by the scheduler

            _ => false,
        };
    }

    private static bool SetContains(string set, string wanted)
    {
        var items = set.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return wanted.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .All(w => items.Contains(w, StringComparer.Ordinal));
    }

    private static Regex Pattern(string pattern)
    {
        if (Patterns.Count > PatternsMax)
            Patterns.Clear();
        return Patterns.GetOrAdd(pattern, p => new Regex(p, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant));
    }
}
