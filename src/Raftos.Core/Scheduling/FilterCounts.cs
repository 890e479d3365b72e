using System.Globalization;

namespace Raftos.Core.Scheduling;

/// <summary>
/// Why agents were filtered out for a task, counted by the first check each agent failed,
/// in the spirit of Nomad's placement metrics: "no agent can take it: 12 agents filtered:
/// 9 short of memory, 3 by constraint rack = r2".
/// </summary>
internal sealed class FilterCounts
{
    private readonly SortedDictionary<string, int> counts = new(StringComparer.Ordinal);
    private int agents;

    /// <summary>Counts one agent filtered for <paramref name="why"/>.</summary>
    public void Add(string why)
    {
        agents++;
        counts[why] = counts.GetValueOrDefault(why) + 1;
    }

    /// <summary>The sentence shown on the pending task.</summary>
    public string Describe()
    {
        if (agents == 0)
            return "no agents registered";
        var parts = counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Value} {p.Key}"));
        return string.Create(CultureInfo.InvariantCulture, $"no agent can take it: {agents} agent{(agents == 1 ? "" : "s")} filtered: {string.Join(", ", parts)}");
    }
}
