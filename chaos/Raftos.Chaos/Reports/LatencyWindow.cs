namespace Raftos.Chaos.Reports;

/// <summary>Register operations invoked in one window around a fault.</summary>
/// <param name="Window"><c>before</c>, <c>during</c> or <c>after</c>.</param>
/// <param name="Ok">Operations answered.</param>
/// <param name="Failed">Operations refused.</param>
/// <param name="Unknown">Operations with no answer.</param>
/// <param name="P50Ms">Median latency of the answered ones, in ms.</param>
/// <param name="P99Ms">99th percentile latency of the answered ones, in ms.</param>
public sealed record LatencyWindow(string Window, int Ok, int Failed, int Unknown, double P50Ms, double P99Ms);
