using HdrHistogram;

namespace Raftos.Bench;

/// <summary>Microsecond-resolution latency histogram with the range fixed once for every run.</summary>
internal static class LatencyHistogram
{
    // A minute covers any request that a 10 s run could still be waiting on; longer values are clamped, not lost.
    private const long HighestMicros = 60_000_000;

    public static LongHistogram Create() => new(1, HighestMicros, 3);

    public static void RecordMicros(HistogramBase histogram, TimeSpan elapsed)
    {
        var micros = Math.Clamp(elapsed.Ticks / TimeSpan.TicksPerMicrosecond, 1, HighestMicros);
        histogram.RecordValue(micros);
    }

    public static double PercentileMs(HistogramBase histogram, double percentile) =>
        histogram.TotalCount == 0 ? 0 : histogram.GetValueAtPercentile(percentile) / 1000.0;

    public static double MaxMs(HistogramBase histogram) =>
        histogram.TotalCount == 0 ? 0 : histogram.GetMaxValue() / 1000.0;

    public static double MeanMs(HistogramBase histogram) =>
        histogram.TotalCount == 0 ? 0 : histogram.GetMean() / 1000.0;
}
