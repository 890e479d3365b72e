using Raftos.Chaos.Workloads;

namespace Raftos.Chaos.Checking;

/// <summary>Every acknowledged add is in the final set; nothing is there that was refused or never tried.</summary>
public static class SetChecker
{
    /// <summary>Checks <paramref name="present"/>, the set as read at the end, against what <paramref name="workload"/> did.</summary>
    public static CheckVerdict Check(SetWorkload workload, IReadOnlyCollection<string> present)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(present);
        var final = present.ToHashSet(StringComparer.Ordinal);
        var unknown = workload.Unknown.ToHashSet(StringComparer.Ordinal);
        var acknowledged = workload.Acknowledged;
        var violations = new List<string>();
        violations.AddRange(acknowledged.Where(k => !final.Contains(k)).Order(StringComparer.Ordinal).Select(k => $"lost: the add of {k} was acknowledged but it is not in the set"));
        violations.AddRange(workload.Refused.Where(final.Contains).Order(StringComparer.Ordinal).Select(k => $"refused add present: {k}"));
        var acked = acknowledged.ToHashSet(StringComparer.Ordinal);
        violations.AddRange(final.Where(k => !acked.Contains(k) && !unknown.Contains(k) && !workload.Refused.Contains(k)).Order(StringComparer.Ordinal).Select(k => $"never added but present: {k}"));
        var landed = unknown.Count(final.Contains);
        return CheckVerdict.Of("set", $"{acknowledged.Count} acknowledged adds, {unknown.Count} unknown ({landed} of them landed), {workload.Refused.Count} refused; {final.Count} elements at the end", violations);
    }
}
