using HdrHistogram;

namespace Raftos.Bench;

/// <summary>
/// What one simulated client saw during the measured window. Each client owns its tally so the hot
/// path takes no locks; tallies are merged after the run.
/// </summary>
internal sealed class ClientTally
{
    public LongHistogram Latency { get; } = LatencyHistogram.Create();

    public long Successes { get; set; }

    public long Errors { get; set; }

    public string? FirstError { get; set; }
}
