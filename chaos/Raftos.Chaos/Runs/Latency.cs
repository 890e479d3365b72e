using Raftos.Chaos.Faults;
using Raftos.Chaos.History;
using Raftos.Chaos.Reports;

namespace Raftos.Chaos.Runs;

/// <summary>The register operations invoked before, during and after a fault, and how fast the answered ones were.</summary>
public static class Latency
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(2);

    /// <summary>Windows: the 2 s before the fault, the fault, the 2 s after it healed.</summary>
    public static IReadOnlyList<LatencyWindow> Around(IReadOnlyList<Operation> history, FaultRecord fault)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(fault);
        long Nanos(double seconds) => (long)(seconds * 1e9);
        var margin = (long)Margin.TotalNanoseconds;
        var (injected, healed) = (Nanos(fault.InjectedAt), Nanos(fault.HealedAt));
        return
        [
            Window("before", history, injected - margin, injected),
            Window("during", history, injected, healed),
            Window("after", history, healed, healed + margin),
        ];
    }

    private static LatencyWindow Window(string name, IReadOnlyList<Operation> history, long from, long to)
    {
        var inside = history.Where(o => o.InvokedAt >= from && o.InvokedAt < to).ToList();
        var answered = inside.Where(o => o.Outcome != Outcome.Unknown).Select(o => (o.CompletedAt - o.InvokedAt) / 1e6).Order().ToList();
        return new LatencyWindow(name,
            inside.Count(o => o.Outcome == Outcome.Ok), inside.Count(o => o.Outcome == Outcome.Failed), inside.Count(o => o.Outcome == Outcome.Unknown),
            Percentile(answered, 0.5), Percentile(answered, 0.99));
    }

    private static double Percentile(List<double> sorted, double q)
        => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}
