using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Raftos.Chaos.History;

namespace Raftos.Chaos.Reports;

/// <summary>Writes a run's report as JSON (for machines) and Markdown (for people), and its register history.</summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private static readonly JsonSerializerOptions JsonLines = new(Json) { WriteIndented = false };

    /// <summary>Writes report.json, report.md and history.jsonl into <paramref name="dir"/>.</summary>
    public static void Write(string dir, ChaosReport report, IReadOnlyList<Operation> history)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(history);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "report.json"), JsonSerializer.Serialize(report, Json));
        File.WriteAllText(Path.Combine(dir, "report.md"), Markdown(report));
        using var lines = new StreamWriter(Path.Combine(dir, "history.jsonl"));
        foreach (var operation in history)
            lines.WriteLine(JsonSerializer.Serialize(operation, JsonLines));
    }

    /// <summary>The report as Markdown.</summary>
    public static string Markdown(ChaosReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.AppendLine(c, $"# Chaos run: {report.Scenario}, seed {report.Seed} — {(report.Passed ? "PASSED" : "FAILED")}");
        md.AppendLine();
        md.AppendLine(c, $"`{report.Command}`");
        md.AppendLine();
        md.AppendLine(c, $"Started {report.StartedAt:yyyy-MM-dd HH:mm:ss} UTC; {report.Masters} masters, {report.Agents} agents; {report.FaultSeconds:0} s of faults, {report.TotalSeconds:0} s in all; {report.Faults.Count} faults injected.");
        md.AppendLine();
        md.AppendLine("## Verdicts");
        md.AppendLine();
        md.AppendLine("| checker | verdict | what was checked |");
        md.AppendLine("|---|---|---|");
        foreach (var check in report.Checks)
            md.AppendLine(c, $"| {check.Checker} | {(check.Passed ? "ok" : "**VIOLATED**")} | {check.Summary} |");
        foreach (var check in report.Checks.Where(x => !x.Passed))
        {
            md.AppendLine();
            md.AppendLine(c, $"### {check.Checker}");
            md.AppendLine();
            foreach (var violation in check.Violations)
                md.AppendLine(c, $"- {violation}");
        }

        var ops = report.Operations;
        md.AppendLine();
        md.AppendLine("## Operations");
        md.AppendLine();
        md.AppendLine(c, $"Register (read, write, CAS): {ops.RegisterOk} ok, {ops.RegisterFailed} failed, {ops.RegisterUnknown} unknown. Set adds: {ops.SetAcknowledged} acknowledged, {ops.SetUnknown} unknown, {ops.SetRefused} refused.");
        md.AppendLine(c, $"Service jobs back at their count {(report.RecoverySeconds is { } r ? $"{r:0.0} s" : "NEVER")} after the last fault healed.");
        md.AppendLine();
        md.AppendLine("## Fault timeline");
        md.AppendLine();
        md.AppendLine("| at (s) | fault | target | held (s) | new leader after (s) | tasks redistributed after (s) | ops before / during / after (ok) | p99 ms before / during / after |");
        md.AppendLine("|---:|---|---|---:|---:|---:|---|---|");
        foreach (var (fault, latency) in report.Faults)
        {
            string Window(Func<LatencyWindow, string> shown) => string.Join(" / ", latency.Select(shown));
            md.AppendLine(c, $"| {fault.InjectedAt:0.0} | {fault.Kind} | {fault.Target} | {fault.HealedAt - fault.InjectedAt:0.0} | {Seconds(fault.NewLeaderAfter)} | {Seconds(fault.RedistributedAfter)} | {Window(w => w.Ok.ToString(c))} | {Window(w => w.P99Ms.ToString("0", c))} |");
        }

        return md.ToString();
    }

    private static string Seconds(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "-";
}
