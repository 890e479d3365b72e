namespace Raftos.Bench;

/// <summary>Outcome of the put benchmark at one client count.</summary>
internal sealed record PutRunResult(
    int Clients,
    long Puts,
    long Errors,
    double MeasuredSeconds,
    double PutsPerSecond,
    double P50Ms,
    double P99Ms,
    double P999Ms,
    double MaxMs,
    double MeanMs,
    string? FirstError);
