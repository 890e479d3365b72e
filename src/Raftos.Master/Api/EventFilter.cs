using Raftos.Master.Events;

namespace Raftos.Master.Api;

/// <summary>Which events a stream passes on: of some kinds only, and of one job only (its job and task events).</summary>
/// <param name="Topics">The kinds to pass, or null for all.</param>
/// <param name="JobId">The job whose events to pass, or null for all.</param>
public sealed record EventFilter(IReadOnlySet<string>? Topics, string? JobId)
{
    /// <summary>Passes everything.</summary>
    public static readonly EventFilter All = new(null, null);

    /// <summary>Whether <paramref name="item"/> passes.</summary>
    public bool Matches(ClusterEvent item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return (Topics is null || Topics.Contains(item.Kind)) && (JobId is null || item.JobId == JobId);
    }
}
