namespace Raftos.Client;

/// <summary>A role (a team sharing the cluster), as <c>GET /v1/roles</c> shows it.</summary>
/// <param name="Name">Role name.</param>
/// <param name="Configured">Whether it was set explicitly (otherwise it has the defaults).</param>
/// <param name="Weight">Its relative share under contention, 1 to 1000.</param>
/// <param name="Quota">What its tasks may hold at most.</param>
/// <param name="Allocated">What its tasks hold.</param>
/// <param name="DominantShare">The larger of its CPU and memory fractions of what eligible agents offer.</param>
/// <param name="Jobs">How many of its jobs are not stopped.</param>
public sealed record RoleInfo(string Name, bool Configured, int Weight, RoleQuota Quota, ResourceAmounts Allocated, double DominantShare, int Jobs);
