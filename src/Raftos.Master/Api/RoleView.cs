using Raftos.Core.Protocol;

namespace Raftos.Master.Api;

/// <summary>
/// A role as the API shows it: its weight and quota (the defaults when not configured), what
/// its tasks hold, its dominant share (the larger of its CPU and memory fractions of what the
/// eligible agents offer) and how many of its jobs are not stopped.
/// </summary>
public sealed record RoleView(
    string Name,
    bool Configured,
    int Weight,
    RoleQuota Quota,
    ResourceAmounts Allocated,
    double DominantShare,
    int Jobs);
