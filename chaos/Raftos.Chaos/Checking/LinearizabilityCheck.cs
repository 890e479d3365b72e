using Raftos.Chaos.History;

namespace Raftos.Chaos.Checking;

/// <summary>The linearizability checker's result as a run's verdict: undecided is not a pass.</summary>
public static class LinearizabilityCheck
{
    /// <summary>Checks the register history, key by key, within <paramref name="timeout"/>.</summary>
    public static CheckVerdict Verdict(IReadOnlyList<Operation> history, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(history);
        var result = LinearizabilityChecker.Check(history, timeout);
        var summary = $"{history.Count} register operations on {result.Keys.Count} keys, {result.Verdict switch
        {
            LinearizabilityVerdict.Linearizable => "linearizable",
            LinearizabilityVerdict.NotLinearizable => "NOT linearizable",
            _ => "undecided within the time limit",
        }} (checked in {result.Elapsed.TotalSeconds:0.0} s)";
        var violations = result.Keys.Where(k => k.Verdict != LinearizabilityVerdict.Linearizable).Select(k => k.Explanation).ToList();
        return CheckVerdict.Of("linearizability", summary, violations);
    }
}
