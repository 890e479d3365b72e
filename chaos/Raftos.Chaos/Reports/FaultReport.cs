using Raftos.Chaos.Faults;

namespace Raftos.Chaos.Reports;

/// <summary>A fault of the timeline with the latency of the operations around it.</summary>
/// <param name="Fault">The fault.</param>
/// <param name="Latency">Before (the 2 s before it), during, and after (the 2 s after healing).</param>
public sealed record FaultReport(FaultRecord Fault, IReadOnlyList<LatencyWindow> Latency);
