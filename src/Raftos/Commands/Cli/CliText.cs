using System.Globalization;
using Raftos.Client;

namespace Raftos.Commands.Cli;

/// <summary>How values read in tables and field lists.</summary>
public static class CliText
{
    // Task states in the order of a task's life, so counts read left to right.
    private static readonly string[] TaskStatesInOrder = ["pending", "assigned", "starting", "running", "finished", "failed", "killed", "lost"];

    /// <summary>yes or no.</summary>
    public static string YesNo(bool value) => value ? "yes" : "no";

    /// <summary>A number, or <c>-</c> when there is none.</summary>
    public static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

    /// <summary>A time in UTC, to the second.</summary>
    public static string Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";

    /// <summary>Text, or <c>-</c> when empty.</summary>
    public static string OrDash(string? text) => string.IsNullOrEmpty(text) ? "-" : text;

    /// <summary>Attributes as <c>name=value</c> pairs.</summary>
    public static string Attributes(IReadOnlyDictionary<string, string> attributes)
        => attributes.Count == 0 ? "-" : string.Join(' ', attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"));

    /// <summary>Non-zero counts by state in life order, e.g. <c>running 2, pending 1</c>; <c>no tasks</c> when all are zero.</summary>
    public static string Counts(IReadOnlyDictionary<string, int> byState)
    {
        ArgumentNullException.ThrowIfNull(byState);
        var parts = byState.Where(c => c.Value > 0)
            .OrderBy(c => Array.IndexOf(TaskStatesInOrder, c.Key) is var order and >= 0 ? order : int.MaxValue)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value}"))
            .ToList();
        return parts.Count == 0 ? "no tasks" : string.Join(", ", parts);
    }

    /// <summary>Allocated of total, e.g. <c>200/2000</c>.</summary>
    public static string Share(long allocated, long total) => string.Create(CultureInfo.InvariantCulture, $"{allocated}/{total}");

    /// <summary>A quota amount, or <c>none</c>.</summary>
    public static string Quota(long? amount) => amount?.ToString(CultureInfo.InvariantCulture) ?? "none";

    /// <summary>The command line a task spec runs.</summary>
    public static string CommandLine(TaskSpec task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return string.Join(' ', (task.Args ?? []).Prepend(task.Command));
    }
}
