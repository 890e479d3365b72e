namespace Raftos.Chaos.Network;

/// <summary>The faults a <see cref="FaultProxy"/> applies right now; <see cref="Healthy"/> is none.</summary>
/// <param name="IsCut">New connections are refused (reset) and none are open.</param>
/// <param name="DelayMean">Each chunk is forwarded this long after it arrived, on average.</param>
/// <param name="DelayJitter">The delay is uniform in mean ± jitter (never below zero).</param>
/// <param name="LossProbability">The chance that a chunk is "lost": held back an extra 200–1000 ms, as a TCP retransmission would.</param>
public sealed record FaultSettings(bool IsCut, TimeSpan DelayMean, TimeSpan DelayJitter, double LossProbability)
{
    /// <summary>No faults: bytes pass straight through.</summary>
    public static FaultSettings Healthy { get; } = new(false, TimeSpan.Zero, TimeSpan.Zero, 0);

    /// <summary>Whether chunks are held back at all (the pumps can skip the clock when not).</summary>
    internal bool Slows => DelayMean > TimeSpan.Zero || DelayJitter > TimeSpan.Zero || LossProbability > 0;

    /// <summary>A short description for the report, e.g. "cut" or "delay 50±10 ms, loss 0.2".</summary>
    public override string ToString()
    {
        if (IsCut)
            return "cut";
        var parts = new List<string>();
        if (DelayMean > TimeSpan.Zero || DelayJitter > TimeSpan.Zero)
            parts.Add(FormattableString.Invariant($"delay {DelayMean.TotalMilliseconds:0.#}±{DelayJitter.TotalMilliseconds:0.#} ms"));
        if (LossProbability > 0)
            parts.Add(FormattableString.Invariant($"loss {LossProbability:0.###}"));
        return parts.Count == 0 ? "healthy" : string.Join(", ", parts);
    }
}
