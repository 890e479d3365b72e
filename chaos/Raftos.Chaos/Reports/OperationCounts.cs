namespace Raftos.Chaos.Reports;

/// <summary>How the workloads' operations ended.</summary>
/// <param name="RegisterOk">Register operations answered.</param>
/// <param name="RegisterFailed">Register operations refused.</param>
/// <param name="RegisterUnknown">Register operations with no answer.</param>
/// <param name="SetAcknowledged">Set adds acknowledged.</param>
/// <param name="SetUnknown">Set adds with no answer.</param>
/// <param name="SetRefused">Set adds refused.</param>
public sealed record OperationCounts(int RegisterOk, int RegisterFailed, int RegisterUnknown, int SetAcknowledged, int SetUnknown, int SetRefused);
