using System.Globalization;
using Raftos.Chaos.History;

namespace Raftos.Chaos.Checking;

/// <summary>Short renderings of operations for verdict explanations, e.g. <c>read()→a @p3 [invoked 12.3 ms, completed 14.0 ms]</c>.</summary>
internal static class OperationText
{
    /// <summary>The operation and its process, e.g. <c>cas(a→b)→applied @p2</c>.</summary>
    public static string Brief(Operation op) => $"{Call(op)} @p{op.Process.ToString(CultureInfo.InvariantCulture)}";

    /// <summary><see cref="Brief"/> with its interval, in milliseconds since <paramref name="origin"/>.</summary>
    public static string Detailed(Operation op, long origin)
    {
        var invoked = Milliseconds(op.InvokedAt - origin);
        var completed = op.Outcome == Outcome.Unknown ? "no answer" : "completed " + Milliseconds(op.CompletedAt - origin);
        return $"{Brief(op)} [invoked {invoked}, {completed}]";
    }

    /// <summary>A register value as a report shows it.</summary>
    public static string Value(string? value) => value ?? "absent";

    private static string Call(Operation op)
    {
        var unknown = op.Outcome == Outcome.Unknown;
        return op.Kind switch
        {
            OperationKind.Read => $"read()→{Value(op.Observed)}",
            OperationKind.Write => $"write({Value(op.Value)}){(unknown ? "?" : string.Empty)}",
            _ => $"cas({Value(op.Expected)}→{Value(op.Value)})→{(unknown ? "?" : op.CasApplied ? "applied" : "refused")}",
        };
    }

    private static string Milliseconds(long nanoseconds) =>
        (nanoseconds / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " ms";
}
