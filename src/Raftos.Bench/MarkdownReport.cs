using System.Globalization;
using System.Text;

namespace Raftos.Bench;

/// <summary>The combined Raftos-vs-etcd tables: puts by client count, the Raftos/etcd ratios, and failover medians.</summary>
internal sealed class MarkdownReport(IReadOnlyList<PutBenchmarkResult> puts, IReadOnlyList<FailoverTrialResult> failovers)
{
    private const string Raftos = "raftos";
    private const string Etcd = "etcd";

    public string Render()
    {
        var text = new StringBuilder();
        if (puts.Count > 0)
        {
            RenderPuts(text);
            RenderRatios(text);
        }

        if (failovers.Count > 0)
        {
            RenderFailovers(text);
        }

        return text.ToString();
    }

    private void RenderPuts(StringBuilder text)
    {
        var first = puts[0];
        Line(text, $"## Puts ({first.ValueSize} B random values, distinct keys, {first.DurationSeconds:0.#} s measured after {first.WarmupSeconds:0.#} s warm-up per client count)");
        text.AppendLine();
        text.AppendLine("| system | clients | puts/s | p50 ms | p99 ms | errors |");
        text.AppendLine("|---|--:|--:|--:|--:|--:|");
        foreach (var clients in ClientCounts())
        {
            foreach (var result in puts.OrderBy(SystemOrder))
            {
                var run = result.Runs.FirstOrDefault(r => r.Clients == clients);
                if (run is not null)
                {
                    Line(text, $"| {result.Target} | {run.Clients} | {run.PutsPerSecond:F0} | {run.P50Ms:F2} | {run.P99Ms:F2} | {run.Errors} |");
                }
            }
        }

        text.AppendLine();
    }

    private void RenderRatios(StringBuilder text)
    {
        var raftos = puts.FirstOrDefault(p => p.Target == Raftos);
        var etcd = puts.FirstOrDefault(p => p.Target == Etcd);
        if (raftos is null || etcd is null)
        {
            return;
        }

        text.AppendLine("## Raftos / etcd");
        text.AppendLine();
        text.AppendLine("Throughput above 1 favours Raftos; latency below 1 favours Raftos.");
        text.AppendLine();
        text.AppendLine("| clients | puts/s | p50 | p99 |");
        text.AppendLine("|--:|--:|--:|--:|");
        foreach (var clients in ClientCounts())
        {
            var ours = raftos.Runs.FirstOrDefault(r => r.Clients == clients);
            var theirs = etcd.Runs.FirstOrDefault(r => r.Clients == clients);
            if (ours is not null && theirs is not null)
            {
                Line(text, $"| {clients} | {Ratio(ours.PutsPerSecond, theirs.PutsPerSecond)} | {Ratio(ours.P50Ms, theirs.P50Ms)} | {Ratio(ours.P99Ms, theirs.P99Ms)} |");
            }
        }

        text.AppendLine();
    }

    private void RenderFailovers(StringBuilder text)
    {
        text.AppendLine("## Failover (SIGKILL of the leader until the first successful put sent after the kill)");
        text.AppendLine();
        text.AppendLine("| system | trials ok | median ms | min ms | max ms | all trials ms |");
        text.AppendLine("|---|--:|--:|--:|--:|---|");
        var medians = new Dictionary<string, double>();
        foreach (var group in failovers.GroupBy(f => f.Target).OrderBy(g => SystemOrder(g.Key)))
        {
            var times = group.Where(f => f.Completed && f.FailoverMs is not null).Select(f => f.FailoverMs!.Value).ToList();
            var all = string.Join(", ", group.Select(f => f.FailoverMs is { } ms ? ms.ToString("F0", CultureInfo.InvariantCulture) : "failed"));
            if (times.Count == 0)
            {
                Line(text, $"| {group.Key} | 0/{group.Count()} | – | – | – | {all} |");
                continue;
            }

            var median = Median(times);
            medians[group.Key] = median;
            Line(text, $"| {group.Key} | {times.Count}/{group.Count()} | {median:F0} | {times.Min():F0} | {times.Max():F0} | {all} |");
        }

        text.AppendLine();
        if (medians.TryGetValue(Raftos, out var ours) && medians.TryGetValue(Etcd, out var theirs))
        {
            Line(text, $"Median failover Raftos / etcd: {Ratio(ours, theirs)} (below 1 favours Raftos).");
            text.AppendLine();
        }
    }

    private IEnumerable<int> ClientCounts() => puts.SelectMany(p => p.Runs).Select(r => r.Clients).Distinct().Order();

    // Raftos first: it is the subject, etcd the reference.
    private static int SystemOrder(PutBenchmarkResult result) => SystemOrder(result.Target);

    private static int SystemOrder(string target) => target switch
    {
        Raftos => 0,
        Etcd => 1,
        _ => 2,
    };

    private static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static string Ratio(double ours, double theirs) =>
        theirs > 0 ? (ours / theirs).ToString("F2", CultureInfo.InvariantCulture) + "×" : "–";

    private static void Line(StringBuilder text, FormattableString line) =>
        text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
}
