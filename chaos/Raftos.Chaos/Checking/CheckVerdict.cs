namespace Raftos.Chaos.Checking;

/// <summary>One checker's verdict on a run.</summary>
/// <param name="Checker">Which checker.</param>
/// <param name="Passed">Whether the invariant held.</param>
/// <param name="Summary">One line: what was checked, and how much.</param>
/// <param name="Violations">What broke it, at most a few dozen lines.</param>
public sealed record CheckVerdict(string Checker, bool Passed, string Summary, IReadOnlyList<string> Violations)
{
    /// <summary>Most violations listed in one verdict.</summary>
    public const int ViolationsShown = 30;

    /// <summary>A verdict from the violations found: passed when there are none.</summary>
    public static CheckVerdict Of(string checker, string summary, IReadOnlyCollection<string> violations)
    {
        ArgumentNullException.ThrowIfNull(violations);
        return new(checker, violations.Count == 0, summary, [.. violations.Take(ViolationsShown)]);
    }
}
