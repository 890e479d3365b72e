namespace Raftos.Bench;

/// <summary>The measured part of a run, in Stopwatch timestamps; what comes before it is warm-up.</summary>
internal readonly record struct MeasurementWindow(long Start, long End)
{
    public bool Contains(long timestamp) => timestamp >= Start && timestamp < End;
}
